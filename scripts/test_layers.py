"""Unit tests of scripts/layers.py on small synthetic crates in a temporary directory.

    python3 -m unittest discover -s scripts -p 'test_layers.py'
"""
import io
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layers  # noqa: E402


class SyntheticCrate(unittest.TestCase):
    def crate(self, files, layer_lines=("0 a",)):
        """Writes `files` (path under src/ -> text) and a layers file; returns the crate's root."""
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        for path, text in {"lib.rs": "", **files}.items():
            (root / "src" / path).parent.mkdir(parents=True, exist_ok=True)
            (root / "src" / path).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        (root / "scripts").mkdir()
        (root / "scripts" / "layers.txt").write_text("# test\n" + "\n".join(layer_lines) + "\n")
        return root

    def run_report(self, root):
        out = io.StringIO()
        status = layers.report(root, root / "scripts" / "layers.txt", out)
        return status, out.getvalue()

    def test_circle_between_siblings_is_found(self):
        root = self.crate({
            "a.rs": "use crate::b::B;\npub struct A;\n",
            "b.rs": "pub struct B;\npub fn f() -> crate::a::A { crate::a::A }\n",
        }, ["0 a", "0 b"])
        _, found, upward, _, _ = layers.analyze(root, root / "scripts" / "layers.txt")
        self.assertEqual(found, [["a", "b"]])
        self.assertEqual(upward, {})
        status, out = self.run_report(root)
        self.assertEqual(status, 1)
        self.assertIn("circles: 1", out)
        self.assertIn("a -> b   src/a.rs:1  crate::b::B", out)
        self.assertIn("b -> a   src/b.rs:2  crate::a::A", out)

    def test_parent_and_child_using_each_other_is_not_a_circle(self):
        root = self.crate({
            "auth/mod.rs": """
                pub mod flow;
                pub use flow::Step;
                pub use self::flow::Other;
                pub struct Auth;
            """,
            "auth/flow.rs": "use super::Auth;\npub struct Step(Auth);\npub struct Other;\n",
        }, ["0 auth"])
        crate = layers.Crate(root)
        self.assertIn(("auth", "auth::flow"), crate.edges)
        self.assertEqual(crate.edges[("auth::flow", "auth")], [("src/auth/flow.rs:1", "super::Auth")])
        status, out = self.run_report(root)
        self.assertEqual(status, 0, out)
        self.assertIn("circles: 0  upward arrows: 0", out)

    def test_arrow_from_lower_to_higher_layer_is_found(self):
        root = self.crate({
            "low.rs": "pub struct L;\n\npub fn f() {\n    use crate::high::H;\n}\n",
            "high.rs": "use crate::low::L;\npub struct H;\n",
        }, ["0 low", "1 high"])
        status, out = self.run_report(root)
        self.assertEqual(status, 1)
        self.assertIn("upward arrow: low (layer 0) -> high (layer 1)\n  src/low.rs:4  crate::high::H", out)
        self.assertNotIn("upward arrow: high", out)

    def test_longest_layer_prefix_wins(self):
        self.assertEqual(layers.layer_of("app::pages::x", [("app", 7), ("app::pages", 5)]), 5)
        self.assertEqual(layers.layer_of("apple", [("app", 7)]), None)

    def test_test_modules_comments_and_strings_are_ignored(self):
        root = self.crate({
            "web.rs": """
                //! See [`crate::app::Doc`].
                /// Calls crate::app::x. /* crate::app::y */
                pub fn f() -> &'static str { "crate::app::z" }

                #[cfg(test)]
                mod tests {
                    use crate::app::X;
                    fn g() { let _ = ('}', "}"); crate::app::y(); }
                }

                #[cfg(all(test, not(target_arch = "wasm32")))]
                use crate::app::Y;

                pub fn after<'a>(s: &'a str) { crate::other::z(s) }
            """,
            "app.rs": "pub struct X;\n",
            "other.rs": "pub fn z(_: &str) {}\n",
        }, ["0 web", "0 other", "1 app"])
        crate = layers.Crate(root)
        self.assertEqual(crate.edges, {("web", "other"): [("src/web.rs:14", "crate::other::z")]})
        self.assertEqual(self.run_report(root)[0], 0)

    def test_nested_use_tree_resolves_each_leaf(self):
        root = self.crate({
            "x.rs": "use crate::{a::{b, c as cc, self}, d};\nuse crate::e::*;\nuse crate::a::b::Deep;\n",
            "a/mod.rs": "pub mod b;\npub mod c;\n",
            "a/b.rs": "pub struct Deep;\n",
            "a/c.rs": "",
            "d.rs": "",
            "e/mod.rs": "",
        }, ["0 a", "0 d", "0 e", "1 x"])
        crate = layers.Crate(root)
        self.assertEqual({b for a, b in crate.edges if a == "x"}, {"a", "a::b", "a::c", "d", "e"})
        self.assertEqual(crate.edges[("x", "a::c")], [("src/x.rs:1", "crate::a::c")])
        self.assertEqual(len(crate.edges[("x", "a::b")]), 2)

    def test_qualified_path_in_code_counts(self):
        root = self.crate({
            "app/mod.rs": """
                pub mod view;
                pub fn tick() -> u64 {
                    crate::web::clock::now() + view::frames()
                }
            """,
            "app/view.rs": "pub fn frames() -> u64 { super::super::web::clock::now() }\n",
            "web/mod.rs": "pub mod clock;\n",
            "web/clock.rs": "pub fn now() -> u64 { 0 }\n",
        }, ["0 web", "1 app"])
        crate = layers.Crate(root)
        self.assertEqual(crate.edges[("app", "web::clock")], [("src/app/mod.rs:3", "crate::web::clock::now")])
        self.assertEqual(crate.edges[("app::view", "web::clock")], [("src/app/view.rs:1", "super::super::web::clock::now")])
        self.assertEqual(len(crate.edges[("app", "app::view")]), 2)  # `pub mod view;` and `view::frames()`
        self.assertEqual(self.run_report(root)[0], 0)

    def test_dot_output(self):
        root = self.crate({"a.rs": "use crate::b::B;\n", "b.rs": "pub struct B;\n"}, ["0 a", "1 b"])
        out = io.StringIO()
        layers.dot(root, root / "scripts" / "layers.txt", out)
        self.assertTrue(out.getvalue().startswith("digraph crate {"))
        self.assertIn('"a" -> "b" [color=red, tooltip="src/a.rs:1"];', out.getvalue())


if __name__ == "__main__":
    unittest.main()
