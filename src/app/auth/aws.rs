//! Using AWS as the signed-in user (or as a guest, where the identity pool
//! allows it): identity pool credentials (kept in memory only, renewed before
//! they expire) and the S3 listing signed with them.

use leptos::prelude::*;

use super::Auth;
use crate::config::Config;
use crate::error::{AppError, BrowserError};
use crate::forms;
use crate::identity::{Credentials, IdentityError, IdentityId};
use crate::s3::{self, ListObjects, ListPage};
use crate::web::fetch::Fetch;
use crate::web::{clock, storage};

/// Renew AWS credentials this long before they expire (seconds).
const CREDENTIALS_MARGIN: i64 = 300;
/// Keys per page of a listing.
pub const PAGE_SIZE: u32 = 100;

impl Auth {
    /// AWS credentials from the identity pool, reused until close to expiry.
    /// The identity id is cached in `localStorage`, so after a reload one
    /// request (`GetCredentialsForIdentity`) is enough.
    pub(super) async fn aws_credentials(self) -> Result<Credentials, AppError> {
        let now = clock::now_seconds();
        if let Some(creds) = self
            .flow
            .with_value(|f| f.credentials.clone())
            .filter(|c| !c.expires_within(now, CREDENTIALS_MARGIN))
        {
            return Ok(creds);
        }
        let key = self.identity_id_key();
        let cached = storage::get(&key).map(IdentityId::new);
        let pool = self.identity_pool();
        let (identity_id, creds) = if self.session.get_untracked().is_none() && self.guests() {
            // A guest: the identity id is kept, and linked to the user on sign-in.
            pool.credentials(cached.as_ref(), None).await?
        } else {
            let session = self.fresh_session().await?;
            match pool
                .credentials(cached.as_ref(), Some(&session.id_token))
                .await
            {
                // The ID token was refused (expired early, revoked): refresh once, try again.
                Err(IdentityError::NotAuthorized(_)) if session.refresh_token.is_some() => {
                    let renewed = self.refresh(session, true).await?;
                    pool.credentials(cached.as_ref(), Some(&renewed.id_token))
                        .await?
                }
                other => other?,
            }
        };
        if cached.as_ref() != Some(&identity_id) {
            storage::set(&key, identity_id.as_str())?;
        }
        let kept = creds.clone();
        self.flow.update_value(|f| f.credentials = Some(kept));
        Ok(creds)
    }

    /// The signed-in user's own folder of the data bucket (`private/<identity id>/`),
    /// asking the identity pool for the identity id when it is not known yet.
    ///
    /// # Errors
    /// [`AppError::NotSignedIn`], identity errors, or storage refused.
    pub async fn own_folder(self) -> Result<String, AppError> {
        self.aws_credentials().await?;
        storage::get(&self.identity_id_key())
            .map(|id| s3::own_folder(&IdentityId::new(id)))
            .ok_or_else(|| BrowserError::StorageRefused.into())
    }

    /// Lists one page of the folder `prefix` of `bucket` (the whole bucket when
    /// empty): the keys directly in it and its sub-folders (`delimiter=/`), as
    /// the signed-in user or, when nobody is and the pool allows it, as a guest.
    ///
    /// # Errors
    /// [`AppError::NotSignedIn`], identity or S3 errors.
    pub async fn list(
        self,
        bucket: String,
        prefix: String,
        continuation_token: Option<String>,
    ) -> Result<ListPage, AppError> {
        let bucket = bucket.trim().to_owned();
        if bucket.is_empty() {
            return Err(forms::FormError::Missing("bucket name").into());
        }
        // Before any request (the identity pool's too): a name S3 would not allow
        // could move the signed request elsewhere.
        s3::check_bucket_name(&bucket)?;
        let creds = self.aws_credentials().await?;
        let request = ListObjects {
            bucket,
            prefix: Some(prefix).filter(|p| !p.is_empty()),
            delimiter: Some("/".to_owned()),
            continuation_token,
            max_keys: Some(PAGE_SIZE),
        };
        let endpoint = self.with_config(Config::s3);
        let page = s3::list_objects(
            &Fetch,
            &endpoint,
            &creds,
            &request,
            s3::system_time(clock::now_millis()),
        )
        .await;
        if matches!(page, Err(s3::S3Error::ExpiredCredentials)) {
            self.flow.update_value(|f| f.credentials = None);
        }
        Ok(page?)
    }
}
