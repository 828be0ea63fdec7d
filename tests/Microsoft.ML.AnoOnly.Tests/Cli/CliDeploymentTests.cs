using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Tests.Deployment;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary><c>score --explain K</c>, <c>export --onnx</c>, and the manifest that keeps only what the model cannot hold.</summary>
    public sealed class CliDeploymentTests
    {
        private static (TempFolder Folder, string Model, string Test, SemiSupervisedSplit Split) Trained()
        {
            var folder = new TempFolder();
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(400, 6, 0.1, seed: 4), seed: 4);
            string train = folder.File("train.csv"), test = folder.File("test.csv"), model = folder.File("model.zip");
            CliCsv.Write(train, split.Train, split.TrainLabels);
            CliCsv.Write(test, split.Test, split.Test.IsAnomaly);
            var trained = CliRunner.Run("train", train, "--label", "is_fraud", "--epochs", "3", "--seed", "4", "--out", model);
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);
            return (folder, model, test, split);
        }

        [Test]
        public void ScoreExplainAddsTheLargestContributionsByName()
        {
            var (folder, model, test, _) = Trained();
            using (folder)
            {
                string two = folder.File("two.csv"), all = folder.File("all.csv");
                var result = CliRunner.Run("score", test, "--model", model, "--out", two, "--explain", "2");
                Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
                Assert.That(CliRunner.Run("score", test, "--model", model, "--out", all, "--explain", "99").ExitCode, Is.EqualTo(0));

                string[] lines = File.ReadAllLines(two);
                Assert.That(lines[0], Is.EqualTo("id,x0,x1,x2,x3,x4,x5,is_fraud,Score,PredictedLabel,Why1,Why1Contribution,Why2,Why2Contribution"));
                string[] allLines = File.ReadAllLines(all);
                Assert.That(allLines[0], Does.EndWith("Why6,Why6Contribution"), "K is at most the feature count");
                var rows = allLines.Skip(1).Select(Fields).ToArray();
                foreach (string[] row in rows)
                {
                    string[] names = Enumerable.Range(0, 6).Select(k => row[^(12 - 2 * k)]).ToArray();
                    float[] values = Enumerable.Range(0, 6).Select(k => Number(row[^(11 - 2 * k)])).ToArray();
                    Assert.That(names.OrderBy(n => n), Is.EqualTo(new[] { "x0", "x1", "x2", "x3", "x4", "x5" }), "every feature once");
                    Assert.That(values.Select(Math.Abs), Is.Ordered.Descending, "largest magnitude first");
                }
                // Contributions add up to the score's change from the reference, so two rows' sums differ by their scores' difference.
                double Sum(string[] row) => Enumerable.Range(0, 6).Sum(k => (double)Number(row[^(11 - 2 * k)]));
                double Score(string[] row) => Number(row[^14]);
                for (int i = 1; i < rows.Length; i++)
                {
                    double expected = Score(rows[i]) - Score(rows[0]);
                    Assert.That(Sum(rows[i]) - Sum(rows[0]), Is.EqualTo(expected).Within(0.01 * Math.Abs(expected) + 1e-4), $"row {i}");
                }
                // The first two columns of K = 2 are those of K = 6.
                Assert.That(lines.Skip(1).Select(l => string.Join(",", Fields(l)[^4..])),
                    Is.EqualTo(allLines.Skip(1).Select(l => string.Join(",", Fields(l)[^12..^8]))));
            }
        }

        [Test]
        public void ExportWritesAnOnnxModelThatScoresThePreparedVectorAsTheTool()
        {
            var (folder, model, test, _) = Trained();
            using (folder)
            {
                string onnx = folder.File("model.onnx"), scored = folder.File("scored.csv");
                var exported = CliRunner.Run("export", "--model", model, "--onnx", onnx);
                Assert.That(exported.ExitCode, Is.EqualTo(0), exported.Output);
                Assert.That(exported.Output.ReplaceLineEndings(" "), Does.Contain("x0, x1, x2, x3, x4, x5").And.Contain("not in the ONNX model"));
                Assert.That(CliRunner.Run("score", test, "--model", model, "--out", scored).ExitCode, Is.EqualTo(0));
                float[] expected = File.ReadAllLines(scored).Skip(1).Select(l => Number(Fields(l)[^2])).ToArray();

                // The ONNX model takes the vector the model's preparation makes; ML.NET makes it from the CSV.
                var ml = new MLContext(seed: 1);
                var chain = ml.Model.LoadAnoOnly(model, out var schema);
                var preparation = new TransformerChain<ITransformer>(chain.Take(chain.Count() - 1).ToArray());
                IDataView raw = ml.Data.LoadFromTextFile(test, Enumerable.Range(0, 6).Select(j => new TextLoader.Column($"x{j}", DataKind.Single, j + 1)).ToArray(),
                    separatorChar: ',', hasHeader: true, allowQuoting: true);
                float[][] prepared = preparation.Transform(raw).GetColumn<float[]>(chain.LastTransformer.FeatureColumnName).ToArray();
                (float[] scores, _) = OnnxExportTests.Run(File.ReadAllBytes(onnx), prepared);
                for (int i = 0; i < expected.Length; i++)
                    Assert.That(scores[i], Is.EqualTo(expected[i]).Within(1e-5 * Math.Max(1, Math.Abs(expected[i]))), $"row {i}");
                Assert.That(CliRunner.Run("export", "--model", model).ExitCode, Is.Not.EqualTo(0), "--onnx is required");

                // Its inputs cannot be the CSV's columns: the preparation is outside the ONNX model.
                var perColumn = CliRunner.Run("export", "--model", model, "--onnx", folder.File("columns.onnx"), "--column-inputs");
                Assert.That(perColumn.ExitCode, Is.EqualTo(Microsoft.ML.AnoOnly.Cli.ExitCodes.UserError), perColumn.Output);
                Assert.That(perColumn.Output.ReplaceLineEndings(" "), Does.Contain("prepares its columns"));
            }
        }

        [Test]
        public void ModelsOfEarlierFormatsScoreAndExportOneInputPerColumn()
        {
            using var folder = new TempFolder();
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(400, 6, 0.1, seed: 4), seed: 4);
            string train = folder.File("train.csv"), test = folder.File("test.csv"), model = folder.File("legacy.zip");
            CliCsv.Write(train, split.Train, split.TrainLabels);
            CliCsv.Write(test, split.Test, split.Test.IsAnomaly);
            string[] columns = Enumerable.Range(0, 6).Select(j => $"x{j}").ToArray();
            foreach (int format in new[] { 1, 2 })
            {
                LegacyModels.Train(train, columns, "is_fraud", model, format);
                string scored = folder.File($"scored{format}.csv");
                var result = CliRunner.Run("score", test, "--model", model, "--out", scored);
                Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
                Assert.That(File.ReadAllLines(scored), Has.Length.EqualTo(split.Test.Count + 1));
                Assert.That(CliRunner.Run("evaluate", test, "--model", model, "--roc", folder.File("roc.png")).ExitCode, Is.EqualTo(0));
            }

            // One input per column (for SQL PREDICT): the same scores as the tool's from the columns fed one by one.
            string perColumn = folder.File("columns.onnx");
            float[] expected = File.ReadAllLines(folder.File("scored2.csv")).Skip(1).Select(l => Number(Fields(l)[^2])).ToArray();
            var exported = CliRunner.Run("export", "--model", model, "--onnx", perColumn, "--column-inputs");
            Assert.That(exported.ExitCode, Is.EqualTo(0), exported.Output);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(File.ReadAllBytes(perColumn));
            Assert.That(session.InputMetadata.Keys, Is.EqualTo(columns));
            float[][] rows = split.Test.Features;
            var inputs = Enumerable.Range(0, 6).Select(j => Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor($"x{j}",
                new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(rows.Select(r => r[j]).ToArray(), new[] { rows.Length, 1 }))).ToList();
            using var results = session.Run(inputs);
            float[] columnScores = results.First(r => r.Name == "Score").AsTensor<float>().ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.That(columnScores[i], Is.EqualTo(expected[i]).Within(1e-5 * Math.Max(1, Math.Abs(expected[i]))), $"row {i}");
        }

        [Test]
        public void ManifestHoldsOnlyColumnNames()
        {
            var (folder, model, _, _) = Trained();
            using (folder)
            {
                JsonObject manifest = ReadManifest(model);
                Assert.That(manifest.Select(p => p.Key), Is.EquivalentTo(new[] { "FormatVersion", "FeatureColumns", "LabelColumn" }));
                Assert.That((int)manifest["FormatVersion"]!, Is.EqualTo(ModelManifest.CurrentFormat));
            }
        }

        [Test]
        public void ExplainingAModelWithoutReferenceIsAUserError()
        {
            using var folder = new TempFolder();
            string features = string.Join(",", Enumerable.Range(0, 21).Select(i => $"f{i}"));
            var result = CliRunner.Run("score", TestDatasets.Cardio, "--model", FixtureModels.PathOf("devnet-full"), "--features", features,
                "--out", folder.File("out.csv"), "--explain", "3");
            Assert.That(result.ExitCode, Is.EqualTo(Microsoft.ML.AnoOnly.Cli.ExitCodes.UserError), result.Output);
            Assert.That(result.Output.ReplaceLineEndings(" ").Replace("  ", " "), Does.Contain("did not store the normal rows"));
        }

        private static JsonObject ReadManifest(string model)
        {
            using ZipArchive zip = ZipFile.OpenRead(model);
            using var reader = new StreamReader(zip.GetEntry(ModelManifest.EntryName)!.Open());
            return JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        }

        /// <summary>A CSV line's fields (the test files quote only the id).</summary>
        private static string[] Fields(string line)
        {
            if (line.StartsWith('"'))
            {
                int end = line.IndexOf('"', 1);
                return new[] { line[1..end] }.Concat(line[(end + 2)..].Split(',')).ToArray();
            }
            return line.Split(',');
        }

        private static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);
    }
}
