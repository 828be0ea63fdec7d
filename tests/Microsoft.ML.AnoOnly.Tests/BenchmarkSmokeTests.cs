using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>The benchmark program's --quick mode end to end on the bundled sample (no ../shared needed).</summary>
    public class BenchmarkSmokeTests
    {
        [Test]
        public void QuickRunWritesResultsAndSummary()
        {
            string outDir = Path.Combine(Path.GetTempPath(), "anoonly-bench-smoke-" + Guid.NewGuid().ToString("N"));
            try
            {
                int exit = global::AnoOnly.Benchmarks.Program.Main(new[]
                {
                    "--quick", "--data-dir", Path.Combine(TestData.RepoRoot, "examples", "data"),
                    "--methods", "DevNet,RandomizedPca", "--out", outDir,
                });

                Assert.That(exit, Is.EqualTo(0));
                string[] lines = File.ReadAllLines(Path.Combine(outDir, "results.csv"));
                Assert.That(lines[0], Does.StartWith("dataset,method,seed,aucroc,aucpr,fit_s,score_rows_per_s,peak_working_set_mb"));
                string[] methods = lines.Skip(1).Select(l => l.Split(',')[1]).ToArray();
                Assert.That(methods, Is.EquivalentTo(new[] { "DevNet-Full", "DevNet-AnoOnly", "RandomizedPca" }));
                foreach (string line in lines.Skip(1))
                {
                    double auc = double.Parse(line.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.That(auc, Is.InRange(0.0, 1.0), line);
                }
                string summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
                Assert.That(summary, Does.Contain("AnoOnly minus Full per backbone"));
                Assert.That(File.Exists(Path.Combine(outDir, "aucroc_full_vs_anoonly_devnet.png")), Is.True);
            }
            finally
            {
                if (Directory.Exists(outDir))
                    Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
