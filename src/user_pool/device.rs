//! Remembered devices: confirming a new device (`ConfirmDevice` with the
//! device's SRP verifier), remembering it or not (`UpdateDeviceStatus`),
//! signing in with it (`DEVICE_SRP_AUTH`, then `DEVICE_PASSWORD_VERIFIER`,
//! answered with the device's own SRP proof), and the user's list of devices
//! (`ListDevices`, `ForgetDevice`).

use crate::json::Value;

use super::{AuthStep, Challenge, ChallengeName, UserPoolClient, UserPoolError, token_body};
use crate::http::HttpClient;
use crate::json::{self, JsonObject};
use crate::secret::{AccessToken, Password};
use crate::service::WrapsServiceFailure;
use crate::srp::device::DeviceVerifier;
use crate::srp::{self, PasswordVerifier, SrpClient};

/// A device Cognito has just started tracking (`NewDeviceMetadata` of a sign-in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    /// `DeviceKey`: `<region>_<uuid>`.
    pub key: String,
    /// `DeviceGroupKey`: the SRP "pool name" of the device's proof.
    pub group_key: String,
}

impl NewDevice {
    /// Reads `NewDeviceMetadata` of an `AuthenticationResult`, if there is one.
    pub(crate) fn from_result(result: &Value) -> Option<Self> {
        let meta = result.get("NewDeviceMetadata")?;
        Some(Self {
            key: json::str_field(meta, "DeviceKey")?.to_owned(),
            group_key: json::str_field(meta, "DeviceGroupKey")?.to_owned(),
        })
    }
}

/// What this browser keeps for a confirmed device: its key, group key and
/// random password (amazon-cognito-identity-js's `deviceKey`, `deviceGroupKey`,
/// `randomPasswordKey`). `Debug` leaves out the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecrets {
    /// The device key.
    pub key: String,
    /// The device group key.
    pub group_key: String,
    /// The device's own password (never typed, never sent).
    pub password: Password,
}

impl std::fmt::Debug for DeviceSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSecrets")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// One of the user's devices, as `ListDevices` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The device key.
    pub key: String,
    /// `device_name` (what the browser called itself when confirmed).
    pub name: String,
    /// `dev:device_remembered_status`: remembered, or only tracked.
    pub remembered: bool,
    /// Last sign-in from it, seconds since the epoch.
    pub last_used: Option<i64>,
}

impl Device {
    fn from_json(v: &Value) -> Option<Self> {
        let attributes = v.get("DeviceAttributes").and_then(Value::as_array);
        let attribute = |name: &str| {
            attributes?
                .iter()
                .find(|a| json::str_field(a, "Name") == Some(name))
                .and_then(|a| json::str_field(a, "Value"))
        };
        let date = |key| v.get(key).and_then(Value::as_seconds);
        Some(Self {
            key: json::str_field(v, "DeviceKey")?.to_owned(),
            name: attribute("device_name").unwrap_or_default().to_owned(),
            remembered: attribute("dev:device_remembered_status") == Some("remembered"),
            last_used: date("DeviceLastAuthenticatedDate").or_else(|| date("DeviceCreateDate")),
        })
    }
}

/// Devices listed per request (`ListDevices` allows up to 60).
const LIST_LIMIT: u32 = 60;

impl<H: HttpClient> UserPoolClient<H> {
    /// `ConfirmDevice`: registers the device's verifier under `name`. True when the
    /// pool leaves remembering it to the user (ask, then [`Self::update_device_status`]).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn confirm_device(
        &self,
        access_token: &AccessToken,
        device: &NewDevice,
        verifier: &DeviceVerifier,
        name: &str,
    ) -> Result<bool, UserPoolError> {
        let config = JsonObject::new()
            .str("PasswordVerifier", &verifier.verifier_base64())
            .str("Salt", &verifier.salt_base64());
        let body = token_body(access_token)
            .str("DeviceKey", &device.key)
            .object("DeviceSecretVerifierConfig", config)
            .str("DeviceName", name);
        let answer = self.call("ConfirmDevice", body).await?;
        Ok(answer
            .get("UserConfirmationNecessary")
            .and_then(Value::as_bool)
            .unwrap_or(false))
    }

    /// `UpdateDeviceStatus`: remembered (sign-ins from it skip MFA) or not.
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], [`UserPoolError::ResourceNotFound`] for an unknown device, …
    pub async fn update_device_status(
        &self,
        access_token: &AccessToken,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), UserPoolError> {
        let status = if remembered {
            "remembered"
        } else {
            "not_remembered"
        };
        let body = token_body(access_token)
            .str("DeviceKey", device_key)
            .str("DeviceRememberedStatus", status);
        self.call_for_effect("UpdateDeviceStatus", body).await
    }

    /// `ListDevices`: the signed-in user's devices (every page).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn list_devices(
        &self,
        access_token: &AccessToken,
    ) -> Result<Vec<Device>, UserPoolError> {
        let mut devices = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let body = token_body(access_token)
                .num("Limit", u64::from(LIST_LIMIT))
                .opt_str("PaginationToken", token.as_deref());
            let answer = self.call("ListDevices", body).await?;
            let listed = answer
                .get("Devices")
                .and_then(Value::as_array)
                .ok_or_else(|| UserPoolError::malformed("no Devices"))?;
            devices.extend(listed.iter().filter_map(Device::from_json));
            match json::str_field(&answer, "PaginationToken").filter(|t| !t.is_empty()) {
                Some(next) if token.as_deref() != Some(next) && !listed.is_empty() => {
                    token = Some(next.to_owned());
                }
                _ => return Ok(devices),
            }
        }
    }

    /// `ForgetDevice`: the device is no longer tracked (its next sign-in is a new device's).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn forget_device(
        &self,
        access_token: &AccessToken,
        device_key: &str,
    ) -> Result<(), UserPoolError> {
        let body = token_body(access_token).str("DeviceKey", device_key);
        self.call_for_effect("ForgetDevice", body).await
    }

    /// Answers `DEVICE_SRP_AUTH` with the device's `SRP_A`, then the
    /// `DEVICE_PASSWORD_VERIFIER` that follows with the device's proof: its group
    /// key in place of the pool name, its key in place of the user, its random
    /// password in place of the user's.
    ///
    /// # Errors
    /// [`UserPoolError::IncorrectCredentials`] or [`UserPoolError::ResourceNotFound`] when the
    /// pool no longer knows the device (forget it here, and sign in again), …
    pub async fn respond_device_srp(
        &self,
        challenge: &Challenge,
        device: &DeviceSecrets,
        srp: &SrpClient,
        now_unix_seconds: impl Fn() -> i64,
    ) -> Result<AuthStep, UserPoolError> {
        let start = JsonObject::new()
            .str("DEVICE_KEY", &device.key)
            .str("SRP_A", &srp.srp_a());
        let verifier_step = match self.respond(challenge, start).await? {
            AuthStep::Challenge(c) if c.name == ChallengeName::DevicePasswordVerifier => c,
            AuthStep::Challenge(c) => {
                return Err(UserPoolError::UnsupportedChallenge(
                    c.name.as_str().to_owned(),
                ));
            }
            signed_in @ AuthStep::SignedIn { .. } => return Ok(signed_in),
        };
        let field = |name: &'static str| {
            verifier_step
                .parameter(name)
                .map(str::to_owned)
                .ok_or_else(|| UserPoolError::malformed(json::missing(name)))
        };
        let server = PasswordVerifier {
            srp_b: field("SRP_B")?,
            salt: field("SALT")?,
            secret_block: field("SECRET_BLOCK")?,
            user_id_for_srp: device.key.clone(),
        };
        let claim = srp.password_claim(
            &device.group_key,
            &server,
            &device.password,
            &srp::timestamp(now_unix_seconds()),
        )?;
        // USERNAME stays the user's (the challenge's), not the device key.
        let answer_to = Challenge {
            user: challenge.user.clone(),
            ..verifier_step
        };
        let responses = JsonObject::new()
            .str("PASSWORD_CLAIM_SECRET_BLOCK", &claim.secret_block)
            .str("PASSWORD_CLAIM_SIGNATURE", &claim.signature)
            .str("TIMESTAMP", &claim.timestamp)
            .str("DEVICE_KEY", &device.key);
        self.respond(&answer_to, responses).await
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::UserId;
    use super::super::canned::run;
    use super::*;
    use crate::secret::ChallengeSession;

    fn device() -> DeviceSecrets {
        DeviceSecrets {
            key: "us-east-1_dev".into(),
            group_key: "-group".into(),
            password: Password::new("device-password"),
        }
    }

    #[test]
    fn device_srp_answers_both_steps_as_the_user_with_the_device_key() {
        // A B the client accepts (g^7), a salt and a secret block.
        let b = crate::srp::pad_hex(&crate::srp::g_pow(&7u32.into()));
        let verifier = format!(
            r#"{{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","Session":"s2","ChallengeParameters":{{"SRP_B":"{b}","SALT":"0a1b","SECRET_BLOCK":"c2VjcmV0","USERNAME":"user-id"}}}}"#
        );
        let tokens = r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a"}}"#;
        let challenge = Challenge {
            name: ChallengeName::DeviceSrpAuth,
            session: ChallengeSession::new("s1"),
            parameters: vec![("USERNAME".into(), "user-id".into())],
            user: UserId::new("user-id"),
            available: Vec::new(),
        };
        let srp = SrpClient::new(&[3; 32]).unwrap();
        let (step, sent) = run(&[&verifier, tokens], async |c| {
            c.respond_device_srp(&challenge, &device(), &srp, || 1_700_000_000)
                .await
        });
        assert!(
            matches!(step.unwrap(), AuthStep::SignedIn { ref user, .. } if user.as_str() == "user-id")
        );
        let (expected_hash, _) = run(&[], async |c| c.secret_hash("user-id"));
        let (first, second) = (&sent[0].1, &sent[1].1);
        assert_eq!(first["ChallengeName"], "DEVICE_SRP_AUTH");
        assert_eq!(first["Session"], "s1");
        let r = &first["ChallengeResponses"];
        assert_eq!(
            (r["USERNAME"].as_str(), r["DEVICE_KEY"].as_str()),
            (Some("user-id"), Some("us-east-1_dev"))
        );
        assert_eq!(r["SRP_A"], srp.srp_a().as_str());
        assert_eq!(r["SECRET_HASH"], expected_hash.unwrap().as_str());
        assert_eq!(second["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
        assert_eq!(second["Session"], "s2");
        let r = &second["ChallengeResponses"];
        assert_eq!(
            (r["USERNAME"].as_str(), r["DEVICE_KEY"].as_str()),
            (Some("user-id"), Some("us-east-1_dev"))
        );
        assert_eq!(r["TIMESTAMP"], srp::timestamp(1_700_000_000).as_str());
        assert_eq!(r["PASSWORD_CLAIM_SECRET_BLOCK"], "c2VjcmV0");
        // The signature is the device's proof: group key and device key in the MAC.
        let claim = srp
            .password_claim(
                "-group",
                &PasswordVerifier {
                    srp_b: b.clone(),
                    salt: "0a1b".into(),
                    secret_block: "c2VjcmV0".into(),
                    user_id_for_srp: "us-east-1_dev".into(),
                },
                &Password::new("device-password"),
                &srp::timestamp(1_700_000_000),
            )
            .unwrap();
        assert_eq!(r["PASSWORD_CLAIM_SIGNATURE"], claim.signature.as_str());
    }

    #[test]
    fn a_device_step_that_is_not_the_verifier_is_refused() {
        let challenge = Challenge {
            name: ChallengeName::DeviceSrpAuth,
            session: ChallengeSession::new("s1"),
            parameters: vec![],
            user: UserId::new("u"),
            available: Vec::new(),
        };
        let srp = SrpClient::new(&[3; 32]).unwrap();
        let (step, sent) = run(
            &[r#"{"ChallengeName":"SMS_MFA","ChallengeParameters":{}}"#],
            async |c| {
                c.respond_device_srp(&challenge, &device(), &srp, || 0)
                    .await
            },
        );
        assert_eq!(
            step.unwrap_err(),
            UserPoolError::UnsupportedChallenge("SMS_MFA".into())
        );
        assert_eq!(sent.len(), 1);
    }

    #[test]
    fn confirm_list_update_forget_send_and_read_aws_shapes() {
        let v = DeviceVerifier::new("-group", "us-east-1_dev", &Password::new("pw"), &[1; 16]);
        let new = NewDevice {
            key: "us-east-1_dev".into(),
            group_key: "-group".into(),
        };
        let token = AccessToken::new("access");
        let (asked, sent) = run(&[r#"{"UserConfirmationNecessary":true}"#], async |c| {
            c.confirm_device(&token, &new, &v, "Chrome on Linux").await
        });
        assert!(asked.unwrap());
        let b = &sent[0].1;
        assert_eq!(sent[0].0, "AWSCognitoIdentityProviderService.ConfirmDevice");
        assert_eq!(
            (
                b["AccessToken"].as_str(),
                b["DeviceKey"].as_str(),
                b["DeviceName"].as_str()
            ),
            (
                Some("access"),
                Some("us-east-1_dev"),
                Some("Chrome on Linux")
            )
        );
        assert_eq!(
            b["DeviceSecretVerifierConfig"]["Salt"],
            v.salt_base64().as_str()
        );
        assert_eq!(
            b["DeviceSecretVerifierConfig"]["PasswordVerifier"],
            v.verifier_base64().as_str()
        );

        // ListDevices as AWS answers it (two pages).
        let page1 = r#"{"Devices":[{"DeviceKey":"us-east-1_a","DeviceAttributes":[{"Name":"device_status","Value":"valid"},{"Name":"device_name","Value":"Firefox"},{"Name":"dev:device_remembered_status","Value":"remembered"}],"DeviceCreateDate":1.7E9,"DeviceLastModifiedDate":1.7E9,"DeviceLastAuthenticatedDate":1.7000001E9}],"PaginationToken":"next"}"#;
        let page2 = r#"{"Devices":[{"DeviceKey":"us-east-1_b","DeviceAttributes":[{"Name":"dev:device_remembered_status","Value":"not_remembered"}],"DeviceCreateDate":1.6E9}]}"#;
        let (devices, sent) = run(&[page1, page2], async |c| c.list_devices(&token).await);
        let devices = devices.unwrap();
        assert_eq!(devices.len(), 2);
        assert_eq!(
            devices[0],
            Device {
                key: "us-east-1_a".into(),
                name: "Firefox".into(),
                remembered: true,
                last_used: Some(1_700_000_100)
            }
        );
        assert!(!devices[1].remembered);
        assert_eq!(devices[1].last_used, Some(1_600_000_000));
        assert_eq!(sent[1].1["PaginationToken"], "next");
        assert_eq!(sent[0].1["Limit"], 60);

        let (done, sent) = run(&["{}", "{}"], async |c| {
            c.update_device_status(&token, "us-east-1_a", false).await?;
            c.forget_device(&token, "us-east-1_a").await
        });
        done.unwrap();
        assert_eq!(sent[0].1["DeviceRememberedStatus"], "not_remembered");
        assert_eq!(sent[1].0, "AWSCognitoIdentityProviderService.ForgetDevice");
        assert_eq!(sent[1].1["DeviceKey"], "us-east-1_a");
    }

    #[test]
    fn new_device_metadata_is_read_from_a_sign_in() {
        let result = json::parse(r#"{"IdToken":"i","AccessToken":"a","NewDeviceMetadata":{"DeviceKey":"us-east-1_k","DeviceGroupKey":"-g"}}"#).unwrap();
        let tokens = super::super::AuthenticationResult::from_json(&result).unwrap();
        assert_eq!(
            tokens.new_device,
            Some(NewDevice {
                key: "us-east-1_k".into(),
                group_key: "-g".into()
            })
        );
    }
}
