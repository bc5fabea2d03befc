//! The signed-in user's own files (`private/<identity id>/` of the data bucket):
//! upload (one `PUT` to the URL the user's API presigns for that file and size,
//! with progress; a cancelled or failed upload leaves nothing), download links (presigned,
//! short-lived, keeping the name) and delete.

use leptos::prelude::*;

use super::Auth;
use crate::api::{self, ApiError, UploadAsk, UploadPolicy};
use crate::config::Config;
use crate::error::AppError;
use crate::http::HttpClient;
use crate::identity::Credentials;
use crate::s3::objects::{DOWNLOAD_LINK_LIFETIME, ObjectRequests, SignedRequest};
use crate::s3::{self, ObjectKey, S3Endpoint, S3Error};
use crate::service::{Service, ServiceFailure};
use crate::session::Session;
use crate::web::clock;
use crate::web::fetch::Fetch;
use crate::web::upload::{self, Cancel, NotSent};

/// What an upload reports as it goes: bytes sent of the file's size.
pub type Progress = WriteSignal<(u64, u64)>;

fn requests<'a>(endpoint: &'a S3Endpoint, creds: &'a Credentials) -> ObjectRequests<'a> {
    ObjectRequests {
        endpoint,
        credentials: creds,
        time: s3::system_time(clock::now_millis()),
    }
}

/// Sends a request without a file body (delete).
async fn send_text(request: SignedRequest) -> Result<(u16, String), S3Error> {
    let response = Fetch
        .send(request.into_http())
        .await
        .map_err(|t| ServiceFailure::unanswered(Service::S3, t))?;
    Ok((response.status, response.body))
}

impl Auth {
    fn bucket(&self) -> String {
        self.with_config(|c| c.bucket.clone())
    }

    /// Uploads `file` to the user's folder under its name, reporting `progress`;
    /// `cancel` stops it. The user's API signs an S3 POST policy for exactly this
    /// key and size (the role may not write otherwise); S3 keeps the size.
    ///
    /// # Errors
    /// [`S3Error::TooLarge`] before any request; the upload function's refusals
    /// (too large, over the quota); S3's refusal; no network.
    pub async fn upload(
        self,
        file: web_sys::File,
        progress: Progress,
        cancel: Cancel,
    ) -> Result<ObjectKey, AppError> {
        let size = file.size() as u64;
        let limit = self.with_config(|c| c.max_upload_bytes);
        if size > limit {
            return Err(S3Error::TooLarge { size, limit }.into());
        }
        let content_type = Some(file.type_()).filter(|t| !t.is_empty());
        let content_type = content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        progress.set((0, size));
        let endpoint = self.with_config(|c| c.endpoints.s3.clone());
        let ask = UploadAsk {
            name: &file.name(),
            size,
            content_type,
            endpoint: endpoint.as_deref(),
        };
        let policy = self.upload_policy(&ask).await?;
        if cancel.is_cancelled() {
            return Err(S3Error::Cancelled.into());
        }
        let bucket = self.bucket();
        let sent = upload::send(
            "PUT",
            &policy.url,
            &policy.headers,
            &file,
            move |n| progress.set(((n as u64).min(size), size)),
            &cancel,
        )
        .await
        .map_err(not_sent)?;
        s3::check_status(sent.status, &sent.body, &bucket)?;
        progress.set((size, size));
        Ok(ObjectKey::new(policy.key))
    }

    /// The presigned upload of `ask` from the user's API (the tokens renewed first
    /// when due, and once more when the authorizer refuses them).
    async fn upload_policy(self, ask: &UploadAsk<'_>) -> Result<UploadPolicy, AppError> {
        let base = self.with_config(|c| c.api.clone()).ok_or(ApiError::NoApi)?;
        let ask = |session: Session| {
            let request =
                api::upload_policy_request(&base, &session.access_token, &session.id_token, ask);
            async move {
                let response = Fetch
                    .send(request)
                    .await
                    .map_err(|t| ApiError::from(ServiceFailure::unanswered(Service::Api, t)))?;
                api::parse_upload_policy(response.status, &response.body)
            }
        };
        self.with_api_session(ask).await
    }

    /// A short-lived link that downloads `key` under its own name.
    ///
    /// # Errors
    /// Identity errors; [`S3Error::Signing`].
    pub async fn download_link(self, key: ObjectKey) -> Result<String, AppError> {
        let creds = self.aws_credentials().await?;
        let endpoint = self.with_config(Config::s3);
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
        let endpoint = self.with_config(Config::s3);
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
