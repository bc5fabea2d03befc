# shellcheck shell=bash
# emulator-gap 38: CloudFormation keeps a function's inline code (Code.ZipFile) as the raw
# text, where AWS zips it as index.py (index.js for Node.js): the function cannot start.
# After each deploy, each function of the template with inline code gets the same code
# as AWS makes it, through UpdateFunctionCode.
gap_38_deploy() {
  local logical name zip
  for logical in $(python3 - <<'PY'
import yaml, sys
sys.path.insert(0, "scripts/local-aws")
from importlib import import_module
import_module("template-part")  # registers the !Tag constructors
doc = yaml.safe_load(open("infra/template.yaml", encoding="utf-8"))
for k, r in doc["Resources"].items():
    if r["Type"] == "AWS::Lambda::Function" and "ZipFile" in r["Properties"].get("Code", {}):
        print(k)
PY
); do
    name="$(awsl cloudformation describe-stack-resource --stack-name "$STACK" --logical-resource-id "$logical" \
      --query StackResourceDetail.PhysicalResourceId --output text)"
    zip="$STATE/$logical.zip"
    python3 - "$logical" "$zip" <<'PY'
import json, subprocess, sys, zipfile
logical, out = sys.argv[1], sys.argv[2]
code = json.loads(subprocess.check_output(
    [sys.executable, "scripts/local-aws/template-part.py", "infra/template.yaml", logical, "Code"]))["ZipFile"]
runtime = json.loads(subprocess.check_output(
    [sys.executable, "scripts/local-aws/template-part.py", "infra/template.yaml", logical, "Runtime"]))
with zipfile.ZipFile(out, "w") as z:
    z.writestr("index.js" if runtime.startswith("nodejs") else "index.py", code)
PY
    awsl lambda update-function-code --function-name "$name" --zip-file "fileb://$zip" >/dev/null
  done
}
