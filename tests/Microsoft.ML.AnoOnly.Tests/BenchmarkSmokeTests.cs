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
        /// <summary>Every option's description is Spectre.Console markup: a bracket in it must be escaped, or --help fails.</summary>
        [Test]
        public void HelpLists()
        {
            Assert.That(global::AnoOnly.Benchmarks.Program.Main(new[] { "--help" }), Is.EqualTo(0));
        }

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

        [Test]
        public void QuickLoopModeWritesLoopCsvSummaryAndPlots()
        {
            string outDir = Path.Combine(Path.GetTempPath(), "anoonly-bench-loop-" + Guid.NewGuid().ToString("N"));
            try
            {
                int exit = global::AnoOnly.Benchmarks.Program.Main(new[]
                {
                    "--quick", "--active-learning", "--data-dir", TestDatasets.BundledFolder, "--datasets", "4_breastw",
                    "--loop-strategies", "TopScored-DropNormals,TopDiverse", "--out", outDir,
                });

                Assert.That(exit, Is.EqualTo(0));
                string[] lines = File.ReadAllLines(Path.Combine(outDir, "loop.csv"));
                Assert.That(lines[0], Is.EqualTo("dataset,seed,strategy,round,reviewed,found,detection_rate,aucroc"));
                string[][] cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
                Assert.That(cells.Select(c => $"{c[2]} {c[3]}"), Is.EquivalentTo(new[] { "TopScored-DropNormals", "TopDiverse" }
                    .SelectMany(s => Enumerable.Range(0, 9).Select(round => $"{s} {round}"))), "rounds 0 to 8 of each strategy");
                Assert.That(cells.Where(c => c[3] == "8").Select(c => c[4]), Is.All.EqualTo("160"), "20 reviews a round");
                string summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
                Assert.That(summary, Does.Contain("## Analyst loop").And.Contain("### Targets"));
                Assert.That(File.Exists(Path.Combine(outDir, "loop_aucroc.png")) && File.Exists(Path.Combine(outDir, "loop_detection_rate.png")));
            }
            finally
            {
                if (Directory.Exists(outDir))
                    Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
