using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>The benchmark's measurement of <c>anoonly score</c> (scale mode), in its quick size: it trains with the tool,
    /// scores with the tool as a child process, reports the figures, and leaves no files behind.</summary>
    public sealed class CliScoreMeasurementTests
    {
        [Test]
        public void QuickCliScoreMeasurementReportsItsFiguresAndCleansUp()
        {
            string outDir = Path.Combine(Path.GetTempPath(), "anoonly-cli-score-smoke-" + Guid.NewGuid().ToString("N"));
            string[] before = Directory.GetDirectories(Path.GetTempPath(), "anoonly-cli-score-*");
            try
            {
                int exit = global::AnoOnly.Benchmarks.Program.Main(new[] { "--cli-score-only", "--quick", "--out", outDir });
                Assert.That(exit, Is.EqualTo(0));
                string[] lines = File.ReadAllLines(Path.Combine(outDir, "cli_score.md"));
                Assert.That(lines[0], Does.StartWith("Started ").And.Contain("load average"));
                string[] row = lines.First(l => l.StartsWith("| 20,000 ", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
                double Number(int cell) => double.Parse(row[cell], System.Globalization.NumberStyles.Any, System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(Number(2), Is.EqualTo(10), "features");
                Assert.That(Number(5), Is.GreaterThan(0), "rows/s");
                Assert.That(Number(6), Is.GreaterThan(20).And.LessThan(1000), "peak working set MB");
                Assert.That(row[13], Is.EqualTo("20,000"), "every row through the streaming reader");
                Assert.That(Directory.GetDirectories(Path.GetTempPath(), "anoonly-cli-score-*").Except(before).Where(d => d != outDir), Is.Empty,
                    "the generated files are deleted");
            }
            finally
            {
                if (Directory.Exists(outDir))
                    Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
