"""Unit tests of scripts/gaps.py on small synthetic repositories in a temporary directory.

    python3 -m unittest discover -s scripts -p 'test_gaps.py'
"""
import io
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gaps  # noqa: E402

README = """
    # App

    ## Emulator gaps

    Some words first. 1. is not an item here.

    - **1.** no CORS: the edge adds it;
    - **2.** a list parameter is one string: the template
      splits a `String`;
    - **3.** No workaround: unconfirmed users can sign in.

    ## Next

    - **4.** not an item of the section.
"""
TEXT = textwrap.dedent(README).lstrip("\n")


class SyntheticRepo(unittest.TestCase):
    def repo(self, files, readme=TEXT):
        """A git work tree holding README.md and `files` (path -> text, or bytes); returns its root."""
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        for path, text in {"README.md": readme, **files}.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                (root / path).write_bytes(text)
            else:
                (root / path).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    def run_report(self, root, listing=False):
        out = io.StringIO()
        status = gaps.report(root, listing, out)
        return status, out.getvalue()

    AGREEING = {
        "scripts/local-aws/gaps/01-cors-json-apis.sh": "# emulator-gap 1: no CORS.\necho cors\n",
        "infra/template.yaml": "x:\n  # emulator-gap 2: split below.\n  y: 1\n",
        "e2e/a.test.mjs": "// emulator-gap 1: the edge's header.\n",
    }

    def test_items_continue_on_indented_lines_and_end_at_the_next_heading(self):
        items, problems = gaps.read_items(TEXT)
        self.assertEqual(problems, [])
        self.assertEqual(sorted(items), [1, 2, 3])
        self.assertEqual(items[2], (8, "a list parameter is one string: the template splits a `String`;"))

    def test_agreeing_repository_passes_with_a_summary(self):
        root = self.repo(self.AGREEING)
        status, out = self.run_report(root)
        self.assertEqual(status, 0, out)
        self.assertEqual(out, "gaps: 3 in README, 2 worked around at 3 places, 1 with no workaround\n")

    def test_list_prints_each_gaps_places(self):
        status, out = self.run_report(self.repo(self.AGREEING), listing=True)
        self.assertEqual(status, 0, out)
        self.assertIn("gap 1: e2e/a.test.mjs:1, scripts/local-aws/gaps/01-cors-json-apis.sh:1\n", out)
        self.assertIn("gap 2: infra/template.yaml:2\n", out)
        self.assertIn("gap 3: no workaround\n", out)

    def test_untagged_gap_tagged_no_workaround_and_unknown_number_are_refused(self):
        root = self.repo({
            "src/a.rs": "// emulator-gap 1: here.\n// emulator-gap 3: but it has none.\n",
            "e2e/b.mjs": "x(); // emulator-gap 9: no such item\n",
            "notes.txt": "emulator-gap 02 is padded\n",
        })
        status, out = self.run_report(root)
        self.assertEqual(status, 1)
        self.assertIn("e2e/b.mjs:1: emulator-gap 9: no such item in the README's '## Emulator gaps'\n", out)
        self.assertIn("notes.txt:1: emulator-gap 02: write the number as 2\n", out)
        self.assertIn("gap 3 (README.md:10) says 'No workaround' but is tagged at src/a.rs:2\n", out)
        self.assertEqual(len(out.splitlines()), 3, out)  # gap 2 is tagged, if only as 02; no summary

    def test_gap_with_no_tag_is_refused(self):
        files = dict(self.AGREEING)
        del files["infra/template.yaml"]
        status, out = self.run_report(self.repo(files))
        self.assertEqual(status, 1)
        self.assertEqual(out, "gap 2 (README.md:8) has no tag 'emulator-gap 2' (or its item says 'No workaround')\n")

    def test_numbers_rise_each_once_and_may_skip_deleted_ones(self):
        skipping = TEXT.replace("- **2.** a list", "- **5.** a list").replace("- **3.** No", "- **9.** No")
        _, problems = gaps.read_items(skipping)
        self.assertEqual(problems, [])
        falling = TEXT.replace("- **2.** a list", "- **4.** a list")
        _, problems = gaps.read_items(falling)
        self.assertEqual(problems, ["README.md:10: item 3 after item 4"])
        twice = TEXT.replace("- **3.** No", "- **2.** No")
        _, problems = gaps.read_items(twice)
        self.assertEqual(problems, ["README.md:10: item 2 after item 2"])
        _, problems = gaps.read_items("# App\n\n## Other\n\n1. x\n")
        self.assertEqual(problems, ["README.md: no section '## Emulator gaps'"])

    def test_gap_files_are_named_by_their_number_and_tagged_with_it(self):
        root = self.repo({
            **self.AGREEING,
            "infra/template.yaml": "# emulator-gap 2\n",
            "scripts/local-aws/gaps/2-short.sh": "# emulator-gap 2\n",
            "scripts/local-aws/gaps/02-Upper.sh": "# emulator-gap 2\n",
            "scripts/local-aws/gaps/02-split.sh": "# emulator-gap 1: the wrong one\n",
            "scripts/local-aws/gaps/01-again.sh": "# emulator-gap 1\n",
            "scripts/local-aws/gaps/sub/01-deep.sh": "# emulator-gap 1\n",
        })
        status, out = self.run_report(root)
        self.assertEqual(status, 1)
        self.assertEqual(sorted(out.splitlines()), sorted([
            "scripts/local-aws/gaps/2-short.sh: not named scripts/local-aws/gaps/NN-<words>.sh",
            "scripts/local-aws/gaps/02-Upper.sh: not named scripts/local-aws/gaps/NN-<words>.sh",
            "scripts/local-aws/gaps/sub/01-deep.sh: not named scripts/local-aws/gaps/NN-<words>.sh",
            "scripts/local-aws/gaps/02-split.sh: no tag 'emulator-gap 2'",
            "scripts/local-aws/gaps/01-cors-json-apis.sh: a second file for gap 1 (after scripts/local-aws/gaps/01-again.sh)",
        ]))

    def test_ignored_binary_and_own_files_are_not_read(self):
        root = self.repo({
            **self.AGREEING,
            ".gitignore": "build/\n",
            "build/out.js": "// emulator-gap 9\n",
            "logo.png": b"\x89PNG\0 emulator-gap 9\n",
            "scripts/gaps.py": "# emulator-gap 9\n",
            "scripts/test_gaps.py": "# emulator-gap 9\n",
        })
        self.assertEqual(self.run_report(root)[0], 0)
        subprocess.run(["git", "add", "."], cwd=root, check=True)  # tracked ones count as well
        self.assertNotIn("build/out.js", gaps.listed_files(root))
        self.assertIn("e2e/a.test.mjs", gaps.listed_files(root))
        self.assertEqual(self.run_report(root)[0], 0)


if __name__ == "__main__":
    unittest.main()
