//! Validation: the values `config.json` may hold, each refusal naming its field.

use super::hosts::{check_endpoint, check_sign_in_domain};
use super::{Config, ConfigError};

impl Config {
    /// Checks the values read: a [`ConfigError::BadField`] for the first that cannot be right.
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        let bad = |field, problem: &str| {
            Err(ConfigError::BadField {
                field,
                problem: problem.to_owned(),
            })
        };
        let region_ok = !self.region.is_empty()
            && self
                .region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !region_ok {
            return bad("region", "must look like us-east-1");
        }
        match self.user_pool_id.split_once('_') {
            Some((region, name)) if region == self.region && !name.is_empty() => {}
            _ => {
                return bad(
                    "userPoolId",
                    "must look like <region>_<id>, in the configured region",
                );
            }
        }
        if self.client_id.is_empty() {
            return bad("clientId", "is empty");
        }
        match self.identity_pool_id.split_once(':') {
            Some((region, id)) if region == self.region && !id.is_empty() => {}
            _ => {
                return bad(
                    "identityPoolId",
                    "must look like <region>:<uuid>, in the configured region",
                );
            }
        }
        for (field, url) in [
            ("endpoints.cognitoIdp", &self.endpoints.cognito_idp),
            (
                "endpoints.cognitoIdentity",
                &self.endpoints.cognito_identity,
            ),
            ("endpoints.s3", &self.endpoints.s3),
        ] {
            if let Some(url) = url
                && let Err(problem) = check_endpoint(url)
            {
                return bad(field, problem);
            }
        }
        if let Some(ui) = &self.hosted_ui
            && let Err(problem) = check_sign_in_domain(&ui.domain)
        {
            return bad("hostedUi.domain", problem);
        }
        // The API gets the user's ID token: AWS's domains or this computer only.
        if let Some(api) = &self.api
            && let Err(problem) = check_endpoint(api)
        {
            return bad("api", problem);
        }
        if !self.bucket.is_empty()
            && let Err(rule) = crate::s3::bucket_name::check(&self.bucket)
        {
            return bad("bucket", &format!("is not a bucket name: {rule}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, ConfigError, GOOD};

    #[test]
    fn bad_fields_are_named() {
        let e = Config::parse(&GOOD.replace("us-east-1_Abc", "eu-west-1_Abc")).unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::BadField {
                    field: "userPoolId",
                    ..
                }
            ),
            "{e}"
        );
        let e = Config::parse(&GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","endpoints":{"s3":"ftp://x"}"#,
        ))
        .unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::BadField {
                    field: "endpoints.s3",
                    ..
                }
            ),
            "{e}"
        );
        let e = Config::parse(&GOOD.replace("data-bucket", "evil.com/x?")).unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::BadField {
                    field: "bucket",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn hosted_ui_domain_is_checked() {
        for (bad, field) in [
            (
                r#""hostedUi":{"domain":"http://demo.auth.us-east-1.amazoncognito.com"}"#,
                true,
            ),
            (
                r#""hostedUi":{"domain":"https://evil.example/phish?x"}"#,
                true,
            ),
            (
                r#""hostedUi":{"domain":"https://user@login.example"}"#,
                true,
            ),
            (r#""hostedUi":{"scopes":["openid"]}"#, false),
            (
                r#""hostedUi":{"domain":"https://a.example","scopes":"openid"}"#,
                false,
            ),
            (
                r#""hostedUi":{"domain":"https://a.example","providers":[""]}"#,
                false,
            ),
            (
                r#""hostedUi":{"domain":"https://a.example","clientId":"x"}"#,
                false,
            ),
            (r#""guests":"yes""#, false),
            (r#""passwordless":"yes""#, false),
        ] {
            let json = GOOD.replace(
                r#""bucket":"data-bucket""#,
                &format!(r#""bucket":"data-bucket",{bad}"#),
            );
            let e = Config::parse(&json).unwrap_err();
            let named = matches!(
                e,
                ConfigError::BadField {
                    field: "hostedUi.domain",
                    ..
                }
            );
            assert_eq!(named, field, "{bad}: {e}");
        }
        // An emulator's pages over plain HTTP on this computer.
        let local = GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","hostedUi":{"domain":"http://127.0.0.1:4566"}"#,
        );
        assert!(Config::parse(&local).is_ok());
    }
}
