using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>
    /// Models saved by an earlier version of the library (format version 1, Fixtures/models-v1) still load with
    /// <c>Model.Load</c> and give the scores (within float rounding: the scoring kernels now sum each layer's products in
    /// another order), predicted labels and threshold they gave when they were saved.
    /// </summary>
    public class SavedModelFixtureTests
    {
        private static string FixtureFolder => Path.Combine(TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.Tests", "Fixtures", "models-v1");

        public static string[] Models => new[]
        {
            "devnet-anomalyonly", "devnet-full", "deepsad-anomalyonly", "deepsad-full",
            "prenet-anomalyonly", "prenet-full", "feawad-anomalyonly", "feawad-full",
        };

        [TestCaseSource(nameof(Models))]
        public void VersionOneModelScoresAsWhenSaved(string name)
        {
            var expected = File.ReadAllLines(Path.Combine(FixtureFolder, "expected_scores.csv")).Skip(1)
                .Select(line => line.Split(','))
                .Where(fields => fields[0] == name)
                .Select(fields => (Score: float.Parse(fields[2], CultureInfo.InvariantCulture), Label: bool.Parse(fields[3]),
                    Threshold: float.Parse(fields[4], CultureInfo.InvariantCulture)))
                .ToArray();
            Assert.That(expected, Has.Length.EqualTo(40));

            var ml = new MLContext(seed: 1);
            SemiSupervisedSplit split = SemiSupervisedSplit.Create(LabeledDataset.LoadCsv(ml, TestDatasets.Cardio), seed: 1);
            ITransformer model = ml.Model.Load(Path.Combine(FixtureFolder, name + ".zip"), out _);
            IDataView scored = model.Transform(split.Test.ToDataView(ml));
            float[] scores = scored.GetColumn<float>("Score").Take(40).ToArray();
            bool[] labels = scored.GetColumn<bool>("PredictedLabel").Take(40).ToArray();

            for (int i = 0; i < scores.Length; i++)
                Assert.That(scores[i], Is.EqualTo(expected[i].Score).Within(1e-5 * Math.Max(1, Math.Abs(expected[i].Score))), $"row {i}");
            Assert.That(labels, Is.EqualTo(expected.Select(e => e.Label).ToArray()));
        }
    }
}
