using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>
    /// Raw tables through the tool, as a new user meets them: an id, a text category, numbers with blank cells. The tool
    /// prepares them with the library's featurizer (saved in the model), says what it made of each column, and the other
    /// commands apply the same preparation.
    /// </summary>
    public sealed class CliRawTableTests
    {
        [Test]
        public void TransactionsWithBlanksAndACategoryTrainEvaluateAndScore()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv"), test = folder.File("test.csv"), model = folder.File("model.zip");
            TransactionsCsv.Write(train, 2000, seed: 1, labeledFrauds: 20);
            bool[] truth = TransactionsCsv.Write(test, 1000, seed: 2, labeledFrauds: int.MaxValue);

            var trained = CliRunner.Run("train", train, "--label", "is_fraud", "--epochs", "20", "--out", model);
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);
            string said = Flat(trained.Output);
            Assert.That(said, Does.Contain("Categorical (auto-detected: text with at most 100 distinct values in the first 2,000 rows): region (6 values)."));
            Assert.That(said, Does.Contain("Left out: tx_id (id-like: 2,000 distinct values in 2,000 rows)."));
            Assert.That(said, Does.Match(@"Blank number cells in the first 2,000 rows: [1-9][0-9,]* \(v0 "));
            Assert.That(ModelManifest.ReadFrom(model)!.FeatureColumns,
                Is.EqualTo(new[] { "region" }.Concat(Enumerable.Range(0, 10).Select(j => $"v{j}"))));

            double auc = Auc(CliRunner.Run("evaluate", test, "--model", model, "--roc", folder.File("roc.png")));
            TestContext.Out.WriteLine($"Test AUC-ROC through the tool, region one-hot encoded: {auc:F3}");
            Assert.That(auc, Is.GreaterThanOrEqualTo(0.9));

            var scored = CliRunner.Run("score", test, "--model", model, "--out", folder.File("scored.csv"));
            Assert.That(scored.ExitCode, Is.EqualTo(0), scored.Output);
            float[] scores = File.ReadAllLines(folder.File("scored.csv")).Skip(1).Select(l => Number(l.Split(',')[^2])).ToArray();
            Assert.That(scores, Has.Length.EqualTo(truth.Length));
            Assert.That(scores.All(float.IsFinite), "blank cells are imputed when scoring too");
            Assert.That(AnomalyMetrics.AreaUnderRocCurve(scores, truth), Is.EqualTo(auc).Within(1e-6), "score and evaluate agree");
        }

        [Test]
        public void WithoutTheCategoryTheSameFraudsAreNotFound()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv"), test = folder.File("test.csv"), model = folder.File("model.zip");
            TransactionsCsv.Write(train, 2000, seed: 1, labeledFrauds: 20);
            TransactionsCsv.Write(test, 1000, seed: 2, labeledFrauds: int.MaxValue);
            string numbers = string.Join(",", Enumerable.Range(0, 10).Select(j => $"v{j}"));

            var trained = CliRunner.Run("train", train, "--label", "is_fraud", "--epochs", "20", "--features", numbers, "--out", model);
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);
            Assert.That(Flat(trained.Output), Does.Contain("Left out: region (excluded by ExcludedColumnNames)"));
            double auc = Auc(CliRunner.Run("evaluate", test, "--model", model, "--roc", folder.File("roc.png")));
            TestContext.Out.WriteLine($"Test AUC-ROC with region left out by --features: {auc:F3}");
            Assert.That(auc, Is.LessThan(0.7));
        }

        [Test]
        public void AnUnseenCategoryAndAFileWithOnlyTheFeatureColumnsScore()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv"), fresh = folder.File("fresh.csv"), model = folder.File("model.zip");
            TransactionsCsv.Write(train, 600, seed: 3, labeledFrauds: 10);
            Assert.That(CliRunner.Run("train", train, "-l", "is_fraud", "--backbone", "DevNet", "-e", "3", "-o", model).ExitCode, Is.EqualTo(0));
            // A region never met in training, no label column, and the columns in another order without the id.
            TransactionsCsv.Write(fresh, 50, seed: 4, labeledFrauds: 0, withLabel: false, regionOverride: "Lemuria");
            string[] lines = File.ReadAllLines(fresh);
            string[] reordered = lines.Select(l => { string[] f = l.Split(','); return string.Join(",", f.Skip(2).Reverse().Append(f[1])); }).ToArray();
            File.WriteAllLines(fresh, reordered);

            var result = CliRunner.Run("score", fresh, "--model", model, "--out", folder.File("out.csv"));
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
            string[] written = File.ReadAllLines(folder.File("out.csv"));
            Assert.That(written, Has.Length.EqualTo(51));
            Assert.That(written.Skip(1).Select(l => Number(l.Split(',')[^2])).All(float.IsFinite));
        }

        [Test]
        public void MissingErrorNamesTheColumnAndTheRowOfABlank()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv");
            File.WriteAllText(train, "id,a,b,label\nr1,0.1,0.2,0\nr2,0.3,0.4,1\nr3,0.5,,0\nr4,0.7,0.8,0\n");

            var refused = CliRunner.Run("train", train, "--missing", "error", "--out", folder.File("model.zip"));
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
            Assert.That(Flat(refused.Output), Does.Contain("Error: Data row 3: column 'b' is blank (or not a number), and --missing error refuses"));
            Assert.That(refused.Output, Does.Not.Contain("   at "));
        }

        [Test]
        public void ABlankWhileScoringAModelThatRefusesBlanksNamesTheColumn()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv"), bad = folder.File("bad.csv"), model = folder.File("model.zip");
            var lines = new System.Text.StringBuilder("a,b,label\n");
            for (int i = 0; i < 60; i++)
                lines.Append(i % 10 == 0 ? "0.9,0.9,1\n" : $"0.{i % 5},0.{(i + 2) % 5},0\n");
            File.WriteAllText(train, lines.ToString());
            File.WriteAllText(bad, "a,b\n0.1,0.2\n0.3,\n");
            var trained = CliRunner.Run("train", train, "--backbone", "DevNet", "--epochs", "1", "--missing", "error", "--out", model);
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);

            var result = CliRunner.Run("score", bad, "--model", model, "--out", folder.File("out.csv"));
            Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
            Assert.That(Flat(result.Output), Does.Contain("column 'b' holds no usable number"));
            Assert.That(File.Exists(folder.File("out.csv")), Is.False, "no half-written output");

            // The default (impute) model scores the same blank with the training mean.
            var imputing = CliRunner.Run("train", train, "--backbone", "DevNet", "--epochs", "1", "--out", model);
            Assert.That(imputing.ExitCode, Is.EqualTo(0), imputing.Output);
            Assert.That(CliRunner.Run("score", bad, "--model", model, "--out", folder.File("out.csv")).ExitCode, Is.EqualTo(0));
        }

        [TestCase("has no categorical column 'regio'. Its columns: tx_id, region, v0", "--categorical", "regio")]
        [TestCase("--categorical names 'region', which --features leaves out", "--categorical", "region", "--features", "v0,v1")]
        [TestCase("--categorical names 'is_fraud', the label column", "--categorical", "is_fraud")]
        [TestCase("has no feature column 'amount'", "--features", "v0,amount")]
        [TestCase("Valid values are 'Impute', 'Error'", "--missing", "sometimes")]
        public void ColumnOptionsNamingNoUsableColumnAreClearErrors(string expected, params string[] options)
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv");
            TransactionsCsv.Write(train, 40, seed: 5, labeledFrauds: 2);
            var result = CliRunner.Run(new[] { "train", train, "--label", "is_fraud", "--out", folder.File("m.zip") }.Concat(options).ToArray());
            Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
            Assert.That(result.Output, Does.Contain("Error: "));
            Assert.That(result.Output, Does.Not.Contain("   at "));
            Assert.That(Flat(result.Output), Does.Contain(expected));
        }

        [Test]
        public void ExplanationsNameTheCsvColumnsAndAddUpACategorysSlots()
        {
            using var folder = new TempFolder();
            string train = folder.File("train.csv"), test = folder.File("test.csv"), model = folder.File("model.zip");
            TransactionsCsv.Write(train, 600, seed: 6, labeledFrauds: 10);
            TransactionsCsv.Write(test, 100, seed: 7, labeledFrauds: 0);
            Assert.That(CliRunner.Run("train", train, "-l", "is_fraud", "--backbone", "DevNet", "-e", "3", "-o", model).ExitCode, Is.EqualTo(0));

            var result = CliRunner.Run("score", test, "--model", model, "--out", folder.File("why.csv"), "--explain", "99");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
            string[] lines = File.ReadAllLines(folder.File("why.csv"));
            Assert.That(lines[0], Does.EndWith("Why11,Why11Contribution"), "one pair per CSV column: region's slots and each indicator add up");
            string[] names = lines[1].Split(',')[^22..].Where((_, i) => i % 2 == 0).ToArray();
            Assert.That(names.OrderBy(n => n), Is.EqualTo(new[] { "region" }.Concat(Enumerable.Range(0, 10).Select(j => $"v{j}")).OrderBy(n => n)));
        }

        private static double Auc(CliRunner.Result evaluated)
        {
            Assert.That(evaluated.ExitCode, Is.EqualTo(0), evaluated.Output);
            return double.Parse(evaluated.Output.Split('\n').First(l => l.Contains("AUC-ROC")).Split('│', '|')
                .Select(c => c.Trim()).Last(c => c.Length > 0), CultureInfo.InvariantCulture);
        }

        /// <summary>The console output with its line wrapping undone, to match sentences.</summary>
        private static string Flat(string output) => string.Join(" ", output.Split('\n').Select(l => l.Trim())).Replace("  ", " ");

        private static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);
    }
}
