using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Docs
{
    /// <summary>
    /// Keeps the docs' code honest: every C# block in docs/*.md and in the package README is preceded by
    /// <c>&lt;!-- snippet: path#region --&gt;</c> and equals that region of a compiled file (an example
    /// project, a test, or the package test's consumer program), so no sample can drift from code that
    /// builds and runs.
    /// </summary>
    public sealed partial class DocSnippetTests
    {
        public static IEnumerable<string> Documents()
            => Directory.GetFiles(Path.Combine(TestData.RepoRoot, "docs"), "*.md")
                .Select(path => Path.GetRelativePath(TestData.RepoRoot, path).Replace('\\', '/'))
                .Append("src/Microsoft.ML.AnoOnly/PACKAGE.md")
                .Order(StringComparer.Ordinal);

        [TestCaseSource(nameof(Documents))]
        public void EveryCSharpBlockIsARegionOfCompiledCode(string document)
        {
            string path = Path.Combine(TestData.RepoRoot, document);
            Assert.That(File.Exists(path), $"{document} is missing");
            string text = File.ReadAllText(path).Replace("\r\n", "\n");
            var failures = new List<string>();
            foreach (Match block in CSharpBlock().Matches(text))
            {
                Match marker = SnippetMarker().Match(block.Groups["before"].Value);
                int line = text[..block.Index].Count(c => c == '\n') + 1;
                if (!marker.Success)
                {
                    failures.Add($"{document}:{line}: a C# block without a <!-- snippet: path#region --> marker");
                    continue;
                }
                string source = marker.Groups["path"].Value, region = marker.Groups["region"].Value;
                string? expected = Region(source, region);
                if (expected == null)
                    failures.Add($"{document}:{line}: no region '{region}' in {source}");
                else if (Normalise(expected) != Normalise(block.Groups["code"].Value))
                    failures.Add($"{document}:{line}: the block differs from {source}#{region}:\n{expected}");
            }
            Assert.That(failures, Is.Empty, string.Join("\n\n", failures));
        }

        /// <summary>The lines between <c>// &lt;region&gt;</c> and <c>// &lt;/region&gt;</c>, de-indented.</summary>
        internal static string? Region(string relativePath, string region)
        {
            string path = Path.Combine(TestData.RepoRoot, relativePath);
            if (!File.Exists(path))
                return null;
            string[] lines = File.ReadAllLines(path);
            int start = Array.FindIndex(lines, l => l.Trim() == $"// <{region}>");
            int end = Array.FindIndex(lines, l => l.Trim() == $"// </{region}>");
            if (start < 0 || end <= start)
                return null;
            string[] body = lines[(start + 1)..end];
            int indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
        }

        private static string Normalise(string code) => string.Join("\n", code.Replace("\r\n", "\n").Trim('\n').Split('\n').Select(l => l.TrimEnd()));

        // A fenced C# block and the line before it (where the marker sits).
        [GeneratedRegex(@"(?<before>[^\n]*)\n```(?:csharp|cs|c#)\n(?<code>.*?)```", RegexOptions.Singleline)]
        private static partial Regex CSharpBlock();

        [GeneratedRegex(@"<!--\s*snippet:\s*(?<path>[^#\s]+)#(?<region>[\w-]+)\s*-->")]
        private static partial Regex SnippetMarker();
    }
}
