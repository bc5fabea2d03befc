//! Folders in a flat key space, as the S3 console shows them: a listing with
//! `delimiter=/` answers the keys directly in a folder (`Contents`) and its
//! sub-folders (`CommonPrefixes`); these name each entry within its folder and
//! give the way back up (the breadcrumb). Pure: no request here.

/// One step of the way from the bucket's top to a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    /// What it is called within its parent (`docs/`).
    pub name: String,
    /// The folder's whole prefix (`public/docs/`).
    pub prefix: String,
}

/// The folders from the top down to `prefix`, each with its whole prefix:
/// `public/docs/` → `public/`, `public/docs/`. A prefix that does not end in
/// `/` (typed by hand, `public/do`) ends with that partial name.
pub fn crumbs(prefix: &str) -> Vec<Crumb> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in prefix.match_indices('/') {
        out.push(Crumb {
            name: prefix[start..=i].to_owned(),
            prefix: prefix[..=i].to_owned(),
        });
        start = i + 1;
    }
    if start < prefix.len() {
        out.push(Crumb {
            name: prefix[start..].to_owned(),
            prefix: prefix.to_owned(),
        });
    }
    out
}

/// The name of `key` (an object's key, or a sub-folder's prefix) within the
/// folder `prefix`: `public/docs/a.txt` in `public/docs/` is `a.txt`. A key
/// outside the prefix keeps its whole name.
pub fn name_in<'a>(prefix: &str, key: &'a str) -> &'a str {
    match key.strip_prefix(prefix) {
        Some(name) if !name.is_empty() => name,
        _ => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crumb(name: &str, prefix: &str) -> Crumb {
        Crumb {
            name: name.to_owned(),
            prefix: prefix.to_owned(),
        }
    }

    #[test]
    fn crumbs_lead_from_the_top_to_the_folder() {
        assert_eq!(crumbs(""), vec![]);
        assert_eq!(crumbs("public/"), vec![crumb("public/", "public/")]);
        assert_eq!(
            crumbs("public/docs/2026/"),
            vec![
                crumb("public/", "public/"),
                crumb("docs/", "public/docs/"),
                crumb("2026/", "public/docs/2026/"),
            ]
        );
    }

    #[test]
    fn a_partial_prefix_ends_with_its_partial_name() {
        assert_eq!(
            crumbs("public/do"),
            vec![crumb("public/", "public/"), crumb("do", "public/do")]
        );
    }

    #[test]
    fn empty_folder_names_and_other_scripts_are_kept() {
        // S3 allows `a//b`: an empty-named folder in between, its own step.
        assert_eq!(
            crumbs("a//é/"),
            vec![crumb("a/", "a/"), crumb("/", "a//"), crumb("é/", "a//é/")]
        );
    }

    #[test]
    fn names_are_relative_to_the_folder() {
        assert_eq!(name_in("public/docs/", "public/docs/a b.txt"), "a b.txt");
        assert_eq!(name_in("public/", "public/docs/"), "docs/");
        assert_eq!(name_in("", "root.txt"), "root.txt");
        // A key equal to the prefix (an S3 console "folder object") or outside it.
        assert_eq!(name_in("public/", "public/"), "public/");
        assert_eq!(name_in("public/", "private/x"), "private/x");
    }
}
