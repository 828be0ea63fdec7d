using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>The commands end to end, in-process, on a small synthetic CSV.</summary>
    public sealed class CliCommandTests
    {
        [Test]
        public void TrainScoreAndEvaluateRoundTrip()
        {
            using var folder = new TempFolder();
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(500, 6, 0.1, seed: 3), seed: 3);
            string train = folder.File("train.csv"), test = folder.File("test.csv"), model = folder.File("model.zip");
            CliCsv.Write(train, split.Train, split.TrainLabels);
            CliCsv.Write(test, split.Test, split.Test.IsAnomaly);

            var trained = CliRunner.Run("train", train, "--label", "is_fraud", "--epochs", "5", "--seed", "3", "--out", model);
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);
            ModelManifest manifest = ModelManifest.ReadFrom(model)!;
            // The id-like text column and the label are not features; the numeric columns are, in file order.
            Assert.That(manifest.FeatureColumns, Is.EqualTo(new[] { "x0", "x1", "x2", "x3", "x4", "x5" }));
            Assert.That(manifest.LabelColumn, Is.EqualTo("is_fraud"));
            Assert.That(trained.Output, Does.Contain("Left out: id (id-like"));

            // The saved zip is an ordinary ML.NET model that reads the CSV's columns: the library loads it without the tool.
            var ml = new MLContext(seed: 1);
            ITransformer loaded = ml.Model.Load(model, out var schema);
            Assert.That(schema["x0"].Type, Is.EqualTo(Microsoft.ML.Data.NumberDataViewType.Single));
            Assert.That(loaded.GetOutputSchema(schema)["Score"].Type, Is.EqualTo(Microsoft.ML.Data.NumberDataViewType.Single));

            string scoredPath = folder.File("scored.csv");
            var scored = CliRunner.Run("score", test, "--model", model, "--out", scoredPath);
            Assert.That(scored.ExitCode, Is.EqualTo(0), scored.Output);
            string[] lines = File.ReadAllLines(scoredPath);
            Assert.That(lines[0], Is.EqualTo("id,x0,x1,x2,x3,x4,x5,is_fraud,Score,PredictedLabel"));
            Assert.That(lines.Length, Is.EqualTo(split.Test.Count + 1));
            Assert.That(lines[1], Does.StartWith("\"tx 0, batch\","), "a field holding the separator is quoted back");
            Assert.That(lines.Skip(1).All(l => l.EndsWith(",true") || l.EndsWith(",false")));

            string roc = folder.File("roc.png");
            var evaluated = CliRunner.Run("evaluate", test, "--model", model, "--roc", roc, "--false-positives", "5,20");
            Assert.That(evaluated.ExitCode, Is.EqualTo(0), evaluated.Output);
            Assert.That(evaluated.Output, Does.Contain("AUC-ROC").And.Contain("AUC-PR").And.Contain("Detection rate at 20 false positives"));
            byte[] png = File.ReadAllBytes(roc);
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
            double auc = double.Parse(evaluated.Output.Split('\n').First(l => l.Contains("AUC-ROC")).Split('│', '|')
                .Select(c => c.Trim()).Last(c => c.Length > 0), System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(auc, Is.GreaterThan(0.8));
        }

        [Test]
        public void ScoreWritesTheSameScoresAsTheLibrary()
        {
            using var folder = new TempFolder();
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(300, 4, 0.1, seed: 5), seed: 5);
            string train = folder.File("train.csv"), fresh = folder.File("fresh.csv"), model = folder.File("model.zip");
            CliCsv.Write(train, split.Train, split.TrainLabels);
            CliCsv.Write(fresh, split.Test, split.Test.IsAnomaly, withLabel: false);
            Assert.That(CliRunner.Run("train", train, "-l", "is_fraud", "-e", "2", "-o", model).ExitCode, Is.EqualTo(0));

            var result = CliRunner.Run("score", fresh, "-m", model, "-o", folder.File("out.csv"), "--threshold", "-1000");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
            string[] rows = File.ReadAllLines(folder.File("out.csv")).Skip(1).ToArray();
            Assert.That(rows.All(r => r.EndsWith(",true")), "every score is above a threshold of -1000");

            // The library, given the same rows, gives the same scores.
            var ml = new MLContext(seed: 1);
            ITransformer loaded = ml.Model.Load(model, out _);
            IDataView rowsAsRead = ml.Data.LoadFromTextFile(fresh, Enumerable.Range(0, 4)
                .Select(j => new Microsoft.ML.Data.TextLoader.Column($"x{j}", Microsoft.ML.Data.DataKind.Single, j + 1)).ToArray(),
                separatorChar: ',', hasHeader: true, allowQuoting: true);
            float[] expected = ml.Data.CreateEnumerable<ScoreRow>(loaded.Transform(rowsAsRead), reuseRowObject: false)
                .Select(r => r.Score).ToArray();
            float[] written = rows.Select(r => float.Parse(r.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.That(written, Is.EqualTo(expected));
        }

        [Test]
        public void TabSeparatedFileWithoutHeaderAndBooleanLabels()
        {
            using var folder = new TempFolder();
            var data = TestData.Synthetic(300, 3, 0.1, seed: 8);
            var lines = Enumerable.Range(0, data.Count).Select(i =>
                string.Join('\t', data.Features[i].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
                + '\t' + (data.IsAnomaly[i] && i % 2 == 0 ? "true" : "false"));
            string path = folder.File("data.tsv"), model = folder.File("model.zip");
            File.WriteAllLines(path, lines);

            var trained = CliRunner.Run("train", path, "--separator", "tab", "--no-header", "--label", "col3", "--epochs", "2", "--out", model);
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);
            Assert.That(ModelManifest.ReadFrom(model)!.FeatureColumns, Is.EqualTo(new[] { "col0", "col1", "col2" }));

            var evaluated = CliRunner.Run("evaluate", path, "--separator", "tab", "--no-header", "--model", model, "--roc", folder.File("roc.png"));
            Assert.That(evaluated.ExitCode, Is.EqualTo(0), evaluated.Output);
            Assert.That(evaluated.Output, Does.Contain("AUC-ROC"));
        }

        private sealed class ScoreRow
        {
            public float Score { get; set; }
        }
    }
}
