//! Calling the user's own API with the access token: refreshed first when due, and
//! once more when the authorizer refuses it (401), as the JS libraries do.

use std::future::Future;

use super::Auth;
use crate::api::{self, ApiError};
use crate::error::AppError;
use crate::http::HttpClient;
use crate::service::{Service, ServiceFailure};
use crate::session::Session;
use crate::web::fetch::Fetch;

impl Auth {
    /// Is an API configured (`api` in `config.json`)?
    pub fn has_api(&self) -> bool {
        self.with_config(|c| c.api.is_some())
    }

    /// `GET whoami` of the user's API: the caller's claims as its authorizer saw them.
    ///
    /// # Errors
    /// [`ApiError::Refused`] when the authorizer refuses even a renewed token;
    /// [`AppError::NotSignedIn`]; no network.
    pub async fn who_am_i(self) -> Result<Vec<(String, String)>, AppError> {
        let base = self
            .with_config(|c| c.api.clone())
            .ok_or(AppError::NotSignedIn)?;
        let base = &base;
        self.with_api_session(
            |session: Session| async move { call(base, &session.access_token).await },
        )
        .await
    }

    /// Calls the user's API with the session's tokens: renewed first when due, and
    /// once more when the authorizer refuses them (401).
    pub(super) async fn with_api_session<T, Fut>(
        self,
        call: impl Fn(Session) -> Fut,
    ) -> Result<T, AppError>
    where
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let session = self.fresh_session().await?;
        let can_renew = session.refresh_token.is_some();
        match call(session.clone()).await {
            Err(ApiError::Refused(401)) if can_renew => {
                let renewed = self.refresh(session, true).await?;
                Ok(call(renewed).await?)
            }
            other => Ok(other?),
        }
    }
}

async fn call(
    base: &str,
    token: &crate::secret::AccessToken,
) -> Result<Vec<(String, String)>, ApiError> {
    let response = Fetch
        .send(api::whoami_request(base, token))
        .await
        .map_err(|t| ApiError::from(ServiceFailure::unanswered(Service::Api, t)))?;
    api::parse_whoami(response.status, &response.body)
}
