using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>The benchmark program's --quick mode end to end on the bundled sets (no ../shared needed): quick mode
    /// takes the two smallest files, 4_breastw and 20_letter.</summary>
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
                    "--quick", "--data-dir", TestDatasets.BundledFolder,
                    "--methods", "DevNet,RandomizedPca", "--out", outDir,
                });

                Assert.That(exit, Is.EqualTo(0));
                string[] lines = File.ReadAllLines(Path.Combine(outDir, "results.csv"));
                Assert.That(lines[0], Does.StartWith("dataset,method,seed,aucroc,aucpr,fit_s,score_rows_per_s,peak_working_set_mb"));
                string[] runs = lines.Skip(1).Select(l => string.Join(" x ", l.Split(',').Take(2))).ToArray();
                string[] expected = new[] { "4_breastw", "20_letter" }
                    .SelectMany(set => new[] { "DevNet-Full", "DevNet-AnoOnly", "RandomizedPca" }.Select(method => $"{set} x {method}"))
                    .ToArray();
                Assert.That(runs, Is.EquivalentTo(expected));
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
