//! Threat protection's context data: `UserContextData.EncodedData`, what Cognito's
//! collector script (`amazon-cognito-advanced-security-data.min.js`) encodes about the
//! browser for one account name, sent with the operations that take it when the pool
//! has threat protection on. Cognito weighs it in the risk of a sign-in, a sign-up or
//! a password reset.
//!
//! The collector is injected (a function of the account name), so this stays pure:
//! the browser glue loads the script and reads it (`web::context_data`).

use std::fmt;
use std::rc::Rc;

use crate::json::Value;

use crate::json::{self, JsonObject};

/// The operations whose request has `UserContextData` (botocore's cognito-idp model).
pub const OPERATIONS: [&str; 7] = [
    "ConfirmForgotPassword",
    "ConfirmSignUp",
    "ForgotPassword",
    "InitiateAuth",
    "ResendConfirmationCode",
    "RespondToAuthChallenge",
    "SignUp",
];

/// The collector: the encoded data for an account name, or `None` when it has
/// none (the script not loaded, blocked, or failing).
#[derive(Clone)]
pub struct ContextData(Rc<Collect>);

/// What a collector is: the account name to the encoded data, if any.
type Collect = dyn Fn(&str) -> Option<String>;

impl ContextData {
    /// A collector from a function of the account name.
    pub fn new(collect: impl Fn(&str) -> Option<String> + 'static) -> Self {
        Self(Rc::new(collect))
    }

    /// Adds `UserContextData` to the body of `operation` when it takes it, the
    /// body names the account and the collector has data for it.
    pub fn attach(&self, operation: &str, body: JsonObject) -> JsonObject {
        if !OPERATIONS.contains(&operation) {
            return body;
        }
        let Some(username) = json::parse(&body.clone().finish())
            .ok()
            .as_ref()
            .and_then(account_name)
        else {
            return body;
        };
        match (self.0)(&username).filter(|e| !e.is_empty()) {
            Some(encoded) => body.object(
                "UserContextData",
                JsonObject::new().str("EncodedData", &encoded),
            ),
            None => body,
        }
    }
}

impl fmt::Debug for ContextData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ContextData(..)")
    }
}

/// The account name a request body names: `Username`, or `USERNAME` of its
/// `AuthParameters` (InitiateAuth) or `ChallengeResponses` (RespondToAuthChallenge).
fn account_name(body: &Value) -> Option<String> {
    body.get("Username")
        .or_else(|| body.get("AuthParameters")?.get("USERNAME"))
        .or_else(|| body.get("ChallengeResponses")?.get("USERNAME"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use std::cell::RefCell;

    use serde_json::json;

    use super::*;

    /// `attach` on the JSON `body`, read back as JSON.
    fn attached(data: &ContextData, operation: &str, body: &Value) -> Value {
        let mut object = JsonObject::new();
        for (k, v) in body.as_object().unwrap() {
            object = match v {
                Value::String(s) => object.str(k, s),
                Value::Object(inner) => {
                    let mut o = JsonObject::new();
                    for (ik, iv) in inner {
                        o = o.str(ik, iv.as_str().unwrap());
                    }
                    object.object(k, o)
                }
                _ => unreachable!(),
            };
        }
        serde_json::from_str(&data.attach(operation, object).finish()).unwrap()
    }

    fn recording() -> (ContextData, Rc<RefCell<Vec<String>>>) {
        let asked = Rc::new(RefCell::new(Vec::new()));
        let log = Rc::clone(&asked);
        let data = ContextData::new(move |u| {
            log.borrow_mut().push(u.to_owned());
            Some(format!("encoded-for-{u}"))
        });
        (data, asked)
    }

    #[test]
    fn each_operation_that_takes_it_gets_the_data_for_its_account() {
        let (data, asked) = recording();
        let bodies = [
            ("SignUp", json!({"ClientId": "c", "Username": "alice"})),
            (
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": "bob", "SRP_A": "ab"}}),
            ),
            (
                "RespondToAuthChallenge",
                json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {"USERNAME": "carol"}}),
            ),
            ("ForgotPassword", json!({"Username": "dave"})),
        ];
        for (operation, body) in bodies {
            let body = attached(&data, operation, &body);
            let who = asked.borrow().last().cloned().unwrap();
            assert_eq!(
                body["UserContextData"],
                json!({"EncodedData": format!("encoded-for-{who}")}),
                "{operation}"
            );
        }
        assert_eq!(*asked.borrow(), ["alice", "bob", "carol", "dave"]);
    }

    #[test]
    fn other_operations_and_bodies_without_an_account_get_nothing() {
        let (data, asked) = recording();
        let token_call = attached(
            &data,
            "GetUser",
            &json!({"AccessToken": "t", "Username": "alice"}),
        );
        let refresh = attached(
            &data,
            "InitiateAuth",
            &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": "r"}}),
        );
        assert!(token_call.get("UserContextData").is_none());
        assert!(refresh.get("UserContextData").is_none());
        assert!(asked.borrow().is_empty());
    }

    #[test]
    fn no_data_no_field() {
        let data = ContextData::new(|_| None);
        let body = json!({"Username": "alice"});
        assert_eq!(attached(&data, "SignUp", &body), body);
        let empty = ContextData::new(|_| Some(String::new()));
        assert_eq!(attached(&empty, "SignUp", &body), body);
        assert_eq!(format!("{data:?}"), "ContextData(..)");
    }
}
