//! The signed-in user's own files (`private/<identity id>/` of the data bucket):
//! upload (one request, or a multipart upload whose parts each carry progress,
//! aborted when cancelled or failed: nothing half-written is left), download
//! links (presigned, short-lived, keeping the name) and delete.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::Auth;
use crate::config::Config;
use crate::error::AppError;
use crate::http::HttpClient;
use crate::identity::Credentials;
use crate::s3::objects::{
    CompletedPart, DOWNLOAD_LINK_LIFETIME, ObjectRequests, SignedRequest, UploadId, UploadPlan,
    check_complete, parse_upload_id,
};
use crate::s3::{self, ObjectKey, S3Endpoint, S3Error};
use crate::service::{Service, ServiceFailure};
use crate::web::clock;
use crate::web::fetch::Fetch;
use crate::web::upload::{self, Cancel, NotSent};

/// Parts of a multipart upload sent at once (browsers open six connections to a host).
const PARTS_AT_ONCE: usize = 4;

/// What an upload reports as it goes: bytes sent of the file's size.
pub type Progress = WriteSignal<(u64, u64)>;

fn requests<'a>(endpoint: &'a S3Endpoint, creds: &'a Credentials) -> ObjectRequests<'a> {
    ObjectRequests {
        endpoint,
        credentials: creds,
        time: s3::system_time(clock::now_millis()),
    }
}

/// Sends a request without a file body (create, complete, abort, delete).
async fn send_text(request: SignedRequest) -> Result<(u16, String), S3Error> {
    let response = Fetch
        .send(request.into_http())
        .await
        .map_err(|t| ServiceFailure::unanswered(Service::S3, t))?;
    Ok((response.status, response.body))
}

impl Auth {
    fn bucket(&self) -> String {
        self.config.with_value(|c| c.bucket.clone())
    }

    /// The key a file named `name` gets in the user's folder.
    async fn own_key(self, name: &str) -> Result<ObjectKey, AppError> {
        Ok(ObjectKey::new(format!(
            "{}{name}",
            self.own_folder().await?
        )))
    }

    /// Uploads `file` to the user's folder under its name, reporting `progress`;
    /// `cancel` stops it. Big files go in parts; an upload that does not finish
    /// is aborted, so no part is left behind.
    ///
    /// # Errors
    /// [`S3Error::TooLarge`] before any request; S3's refusal; no network.
    pub async fn upload(
        self,
        file: web_sys::File,
        progress: Progress,
        cancel: Cancel,
    ) -> Result<ObjectKey, AppError> {
        let size = file.size() as u64;
        let limit = self.config.with_value(|c| c.max_upload_bytes);
        let plan = UploadPlan::for_size(size, limit)?;
        let key = self.own_key(&file.name()).await?;
        let content_type = Some(file.type_()).filter(|t| !t.is_empty());
        let content_type = content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        let bucket = self.bucket();
        let endpoint = self.config.with_value(Config::s3);
        progress.set((0, size));
        match plan {
            UploadPlan::Single => {
                let creds = self.aws_credentials().await?;
                let request =
                    requests(&endpoint, &creds).put_object(&bucket, &key, content_type)?;
                let sent = upload::send(
                    request.method.as_str(),
                    &request.url,
                    &request.headers,
                    &file,
                    move |n| progress.set((n as u64, size)),
                    &cancel,
                )
                .await
                .map_err(not_sent)?;
                s3::check_status(sent.status, &sent.body, &bucket)?;
            }
            UploadPlan::Multipart { parts } => {
                let creds = self.aws_credentials().await?;
                let create =
                    requests(&endpoint, &creds).create_multipart(&bucket, &key, content_type)?;
                let (status, body) = send_text(create).await?;
                let upload_id = parse_upload_id(status, &body, &bucket)?;
                let sent = self
                    .send_parts(&file, &key, &upload_id, parts, progress, &cancel)
                    .await;
                let finished = match sent {
                    Ok(done) => {
                        let creds = self.aws_credentials().await?;
                        let complete = requests(&endpoint, &creds)
                            .complete_multipart(&bucket, &key, &upload_id, &done)?;
                        match send_text(complete).await {
                            Ok((status, body)) => {
                                check_complete(status, &body, &bucket).map_err(AppError::from)
                            }
                            Err(e) => Err(e.into()),
                        }
                    }
                    Err(e) => Err(e),
                };
                if let Err(e) = finished {
                    // Nothing half-written: the parts sent so far are dropped.
                    self.abort_upload(&key, &upload_id).await;
                    return Err(e);
                }
            }
        }
        progress.set((size, size));
        Ok(key)
    }

    async fn send_parts(
        self,
        file: &web_sys::File,
        key: &ObjectKey,
        upload_id: &UploadId,
        parts: u32,
        progress: Progress,
        cancel: &Cancel,
    ) -> Result<Vec<CompletedPart>, AppError> {
        let size = file.size() as u64;
        // Bytes sent of each part, for the progress of the whole file.
        let sent = Rc::new(RefCell::new(vec![0_u64; parts as usize]));
        let mut done = Vec::with_capacity(parts as usize);
        let numbers: Vec<u32> = (1..=parts).collect();
        for batch in numbers.chunks(PARTS_AT_ONCE) {
            let uploads = batch.iter().map(|&number| {
                let sent = sent.clone();
                let report = move |n: u64| {
                    let mut sent = sent.borrow_mut();
                    sent[number as usize - 1] = n;
                    progress.set((sent.iter().sum(), size));
                };
                self.send_part(file, key, upload_id, number, report, cancel)
            });
            for part in futures::future::join_all(uploads).await {
                done.push(part?);
            }
        }
        Ok(done)
    }

    /// Sends part `number` (signed just before it goes: credentials may have been
    /// renewed meanwhile); its `ETag`.
    async fn send_part(
        self,
        file: &web_sys::File,
        key: &ObjectKey,
        upload_id: &UploadId,
        number: u32,
        report: impl Fn(u64) + 'static,
        cancel: &Cancel,
    ) -> Result<CompletedPart, AppError> {
        let (start, end) = UploadPlan::part_range(number, file.size() as u64);
        let slice = file
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|_| ServiceFailure::Malformed(Service::S3, "the file cannot be read".into()))
            .map_err(S3Error::from)?;
        let bucket = self.bucket();
        let endpoint = self.config.with_value(Config::s3);
        let creds = self.aws_credentials().await?;
        let request = requests(&endpoint, &creds).upload_part(&bucket, key, upload_id, number)?;
        let report = Rc::new(report);
        let on_progress = report.clone();
        let sent = upload::send(
            request.method.as_str(),
            &request.url,
            &request.headers,
            &slice,
            move |n| on_progress(n as u64),
            cancel,
        )
        .await
        .map_err(not_sent)?;
        s3::check_status(sent.status, &sent.body, &bucket)?;
        let etag = sent.etag.ok_or_else(|| {
            S3Error::from(ServiceFailure::Malformed(
                Service::S3,
                "no ETag for a part (the bucket's CORS rules must expose it)".into(),
            ))
        })?;
        report(end - start);
        Ok(CompletedPart { number, etag })
    }

    /// Aborts a multipart upload (best effort: the bucket's lifecycle rule clears
    /// what this cannot, a day later).
    async fn abort_upload(self, key: &ObjectKey, upload_id: &UploadId) {
        let bucket = self.bucket();
        let endpoint = self.config.with_value(Config::s3);
        if let Ok(creds) = self.aws_credentials().await
            && let Ok(abort) = requests(&endpoint, &creds).abort_multipart(&bucket, key, upload_id)
        {
            let _ = send_text(abort).await;
        }
    }

    /// A short-lived link that downloads `key` under its own name.
    ///
    /// # Errors
    /// Identity errors; [`S3Error::Signing`].
    pub async fn download_link(self, key: ObjectKey) -> Result<String, AppError> {
        let creds = self.aws_credentials().await?;
        let endpoint = self.config.with_value(Config::s3);
        Ok(requests(&endpoint, &creds).download_link(
            &self.bucket(),
            &key,
            DOWNLOAD_LINK_LIFETIME,
        )?)
    }

    /// Deletes `key`.
    ///
    /// # Errors
    /// S3's refusal; no network.
    pub async fn delete_file(self, key: ObjectKey) -> Result<(), AppError> {
        let creds = self.aws_credentials().await?;
        let endpoint = self.config.with_value(Config::s3);
        let bucket = self.bucket();
        let (status, body) =
            send_text(requests(&endpoint, &creds).delete_object(&bucket, &key)?).await?;
        Ok(s3::check_status(status, &body, &bucket)?)
    }
}

fn not_sent(e: NotSent) -> AppError {
    match e {
        NotSent::Cancelled => S3Error::Cancelled.into(),
        NotSent::Transport(t) => S3Error::from(ServiceFailure::unanswered(Service::S3, t)).into(),
    }
}
