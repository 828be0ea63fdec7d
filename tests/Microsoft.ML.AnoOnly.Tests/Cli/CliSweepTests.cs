using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Cli.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary><c>anoonly sweep</c> end to end on a tiny raw table: a leaderboard, the model saved as <c>train</c> saves one,
    /// the trials CSV, and a verdict on the default configuration.</summary>
    public sealed class CliSweepTests
    {
        [Test]
        public void ATinySweepWritesTheModelAndTheTrialsCsv()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv"), model = folder.File("swept.zip"), trials = folder.File("trials.csv");
            TransactionsCsv.Write(train, 200, seed: 8, labeledFrauds: 8);

            var swept = CliRunner.Run("sweep", train, "--label", "is_fraud", "--max-trials", "2", "--folds", "2", "--seed", "3",
                "--out", model, "--trials", trials);
            Assert.That(swept.ExitCode, Is.EqualTo(0), swept.Output);
            string said = string.Join(" ", swept.Output.Split('\n').Select(l => l.Trim()));
            Assert.That(said, Does.Contain("Left out: tx_id (id-like"), "the table is prepared as train prepares it");
            Assert.That(said, Does.Contain("Trial 1 (the default: Ensemble): AUC-ROC"), "one line per trial in a non-interactive console");
            Assert.That(said, Does.Match(@"Kept the default configuration \(trial 1|Chose trial 2 "), "it says whether it kept the default");
            Assert.That(said, Does.Contain("Stopped by --max-trials after 2 trials"));

            // The model is saved as train saves one: the same manifest, and the other commands read it.
            ModelManifest manifest = ModelManifest.ReadFrom(model)!;
            Assert.That(manifest.FormatVersion, Is.EqualTo(ModelManifest.CurrentFormat));
            Assert.That(manifest.FeatureColumns, Does.Contain("region").And.Contain("v9"));
            Assert.That(manifest.LabelColumn, Is.EqualTo("is_fraud"));
            var scored = CliRunner.Run("score", train, "--model", model, "--out", folder.File("scored.csv"));
            Assert.That(scored.ExitCode, Is.EqualTo(0), scored.Output);

            string[] rows = File.ReadAllLines(trials);
            Assert.That(rows[0], Does.StartWith("trial,status,"));
            Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EqualTo(new[] { "1", "2" }));
        }

        [TestCase("--max-trials: MaxTrials must be at least 1", "--max-trials", "0")]
        [TestCase("--folds: NumberOfFolds must be at least 2", "--folds", "1")]
        [TestCase("--max-minutes must be a positive number", "--max-minutes", "0")]
        [TestCase("Valid values are 'AreaUnderRocCurve', 'AreaUnderPrCurve'", "--metric", "accuracy")]
        public void SweepSettingsOutOfRangeAreOneLineErrors(string expected, params string[] options)
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv");
            TransactionsCsv.Write(train, 40, seed: 9, labeledFrauds: 2);
            var result = CliRunner.Run(new[] { "sweep", train, "--label", "is_fraud", "--out", folder.File("m.zip") }.Concat(options).ToArray());
            Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
            Assert.That(result.Output, Does.Not.Contain("   at "));
            Assert.That(string.Join(" ", result.Output.Split('\n').Select(l => l.Trim())), Does.Contain(expected));
        }
    }
}
