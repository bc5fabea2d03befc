//! Reading S3's XML answers: a `ListBucketResult` page and the `<Error>`
//! document, with a small pull parser over quick-xml's `Reader` (S3's
//! documents are small and flat: no serde deserializer needed).

use super::{ListPage, Object, ObjectKey};

/// S3's documents nest four deep at most; deeper is refused, not walked (a
/// document nested 10,000 deep would cost time for nothing).
const MAX_DEPTH: usize = 16;

/// Walks an XML document and calls `on_end` with the path of element names
/// and the element's text (entity and character references resolved) at each
/// closing tag. S3's documents are small and flat: no serde deserializer needed.
/// A DTD is skipped, never applied: only XML's five predefined entities and
/// character references are resolved, so entity tricks (billion laughs,
/// external entities) end in an error, not in expansion or a file read.
fn walk_xml(
    xml: &str,
    mut on_end: impl FnMut(&[&str], String) -> Result<(), String>,
) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let name = |n: quick_xml::name::LocalName<'_>| String::from_utf8_lossy(n.as_ref()).into_owned();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                if path.len() == MAX_DEPTH {
                    return Err("the document is nested too deeply".into());
                }
                path.push(name(e.local_name()));
                text.clear();
            }
            Event::Empty(e) => {
                path.push(name(e.local_name()));
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                on_end(&p, String::new())?;
                path.pop();
            }
            Event::End(_) => {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                on_end(&p, std::mem::take(&mut text))?;
                path.pop();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => match r.resolve_char_ref().map_err(|e| e.to_string())? {
                Some(c) => text.push(c),
                None => {
                    let entity = r.decode().map_err(|e| e.to_string())?;
                    let value = quick_xml::escape::resolve_xml_entity(&entity)
                        .ok_or_else(|| format!("unknown entity &{entity};"))?;
                    text.push_str(value);
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if path.is_empty() {
        Ok(())
    } else {
        Err("the document ends inside an element".into())
    }
}

/// Reads a `ListBucketResult` document.
pub(super) fn parse_list_xml(xml: &str) -> Result<ListPage, String> {
    let mut page = ListPage::default();
    let mut object = Object::default();
    let mut truncated = false;
    let mut seen_root = false;
    walk_xml(xml, |path, text| {
        match path {
            ["ListBucketResult"] => seen_root = true,
            ["ListBucketResult", "Contents", field] => match *field {
                "Key" => object.key = ObjectKey::new(text),
                "Size" => {
                    object.size = text
                        .trim()
                        .parse()
                        .map_err(|_| format!("bad Size {text:?}"))?
                }
                "LastModified" => object.last_modified = text,
                "ETag" => object.etag = text,
                "StorageClass" => object.storage_class = Some(text),
                _ => {}
            },
            ["ListBucketResult", "Contents"] => page.objects.push(std::mem::take(&mut object)),
            ["ListBucketResult", "CommonPrefixes", "Prefix"] => page.common_prefixes.push(text),
            ["ListBucketResult", "IsTruncated"] => truncated = text.trim() == "true",
            ["ListBucketResult", "NextContinuationToken"] => {
                page.next_continuation_token = Some(text)
            }
            _ => {}
        }
        Ok(())
    })?;
    if !seen_root {
        return Err("not a ListBucketResult document".into());
    }
    if !truncated {
        page.next_continuation_token = None;
    }
    Ok(page)
}

/// Reads an S3 `<Error><Code>…</Code><Message>…</Message></Error>` document.
pub(super) fn parse_error_xml(xml: &str) -> Option<(String, String)> {
    let (mut code, mut message) = (String::new(), String::new());
    walk_xml(xml, |path, text| {
        match path {
            ["Error", "Code"] => code = text,
            ["Error", "Message"] => message = text,
            _ => {}
        }
        Ok(())
    })
    .ok()?;
    (!code.is_empty()).then_some((code, message))
}
