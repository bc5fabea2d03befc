//! The service clients' configurations (user pool, identity pool, S3, hosted UI), built from a [`Config`].

use super::Config;
use crate::identity::IdentityPoolConfig;
use crate::s3::S3Endpoint;
use crate::session::Audience;
use crate::user_pool::UserPoolConfig;

impl Config {
    /// The user pool client's configuration.
    pub fn user_pool(&self) -> UserPoolConfig {
        UserPoolConfig {
            endpoint: self
                .endpoints
                .cognito_idp
                .clone()
                .unwrap_or_else(|| format!("https://cognito-idp.{}.amazonaws.com/", self.region)),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
        }
    }

    /// The identity pool client's configuration.
    pub fn identity_pool(&self) -> IdentityPoolConfig {
        IdentityPoolConfig {
            endpoint: self.endpoints.cognito_identity.clone().unwrap_or_else(|| {
                format!("https://cognito-identity.{}.amazonaws.com/", self.region)
            }),
            identity_pool_id: self.identity_pool_id.clone(),
            provider_name: IdentityPoolConfig::provider_for(&self.region, &self.user_pool_id),
        }
    }

    /// Whom a stored session's tokens must be issued to: this app client, by this user pool.
    pub fn audience(&self) -> Audience {
        Audience::new(&self.client_id, &self.region, &self.user_pool_id)
    }

    /// The hosted sign-in page for the app served at `origin` (`https://host`):
    /// it sends the person back to `<origin>/callback`.
    pub fn hosted_sign_in(&self, origin: &str) -> Option<crate::oauth::HostedUi> {
        self.hosted_ui.as_ref().map(|ui| crate::oauth::HostedUi {
            base: ui.domain.trim_end_matches('/').to_owned(),
            client_id: self.client_id.clone(),
            redirect_uri: format!("{}/callback", origin.trim_end_matches('/')),
            scopes: ui.scopes.clone(),
        })
    }

    /// Where S3 is.
    pub fn s3(&self) -> S3Endpoint {
        match &self.endpoints.s3 {
            Some(url) => S3Endpoint::Custom {
                url: url.clone(),
                region: self.region.clone(),
            },
            None => S3Endpoint::Aws {
                region: self.region.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::GOOD;
    use crate::config::read::DEFAULT_SCOPES;

    #[test]
    fn real_aws_defaults() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(
            c.user_pool().endpoint,
            "https://cognito-idp.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            c.identity_pool().provider_name,
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc"
        );
        assert_eq!(
            c.s3(),
            S3Endpoint::Aws {
                region: "us-east-1".into()
            }
        );
    }

    #[test]
    fn hosted_sign_in_and_guests_by_configuration() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(
            (c.hosted_ui.clone(), c.guests, c.passwordless),
            (None, false, false)
        );
        assert_eq!(c.hosted_sign_in("https://d1.cloudfront.net"), None);
        let c = Config::parse(&GOOD.replace(
            r#""bucket":"data-bucket""#,
r#""bucket":"data-bucket","guests":true,"passwordless":true,"hostedUi":{"domain":"https://demo.auth.us-east-1.amazoncognito.com/","providers":["Google"]}"#,
        ))
        .unwrap();
        assert!(c.guests && c.passwordless);
        let ui = c.hosted_sign_in("https://d1.cloudfront.net").unwrap();
        assert_eq!(ui.base, "https://demo.auth.us-east-1.amazoncognito.com");
        assert_eq!(ui.redirect_uri, "https://d1.cloudfront.net/callback");
        assert_eq!(ui.scopes, DEFAULT_SCOPES.map(String::from).to_vec());
        assert_eq!(c.hosted_ui.unwrap().providers, vec!["Google".to_owned()]);
    }

    #[test]
    fn threat_protection_by_configuration() {
        let with = |value: &str| {
            Config::parse(&GOOD.replace(
                r#""bucket":"data-bucket""#,
                &format!(r#""bucket":"data-bucket","threatProtection":{value}"#),
            ))
        };
        assert!(!Config::parse(GOOD).unwrap().threat_protection);
        assert!(!with(r#""OFF""#).unwrap().threat_protection);
        assert!(with(r#""AUDIT""#).unwrap().threat_protection);
        assert!(with(r#""ENFORCED""#).unwrap().threat_protection);
        assert!(with(r#""on""#).is_err());
        assert!(with("true").is_err());
    }
}
