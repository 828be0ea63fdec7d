using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>
    /// The featurizer's reason to exist: anomalies that differ only in a text column are found through it, and are
    /// not found when that column is left out (so the first result is the text column's doing, not the numbers').
    /// </summary>
    public sealed class CategoricalDetectionTests
    {
        [Test]
        public void AnomaliesThatDifferOnlyInARareCategoryAreFound()
        {
            double auc = TestAuc(new AnoOnlyFeaturizerOptions { ExcludedColumnNames = { "CustomerId" } });
            TestContext.Out.WriteLine($"Test AUC-ROC with Region one-hot encoded: {auc:F3}");
            Assert.That(auc, Is.GreaterThanOrEqualTo(0.9));
        }

        [Test]
        public void WithoutTheCategoryColumnTheSameAnomaliesAreNotFound()
        {
            double auc = TestAuc(new AnoOnlyFeaturizerOptions { ExcludedColumnNames = { "CustomerId", "Region" } });
            TestContext.Out.WriteLine($"Test AUC-ROC with Region left out: {auc:F3}");
            Assert.That(auc, Is.LessThan(0.7));
        }

        private static double TestAuc(AnoOnlyFeaturizerOptions options)
        {
            var ml = new MLContext(seed: 1);
            var (trainRows, _) = RawTable.Customers(2000, anomalyShare: 0.05, labeledAnomalies: 20, seed: 1);
            var (testRows, testTruth) = RawTable.Customers(1000, anomalyShare: 0.05, labeledAnomalies: 0, seed: 2);
            IDataView train = ml.Data.LoadFromEnumerable(trainRows);

            var pipeline = ml.Transforms.PrepareAnoOnlyFeatures(train, options)
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 20, Seed = 1 }));
            var model = pipeline.Fit(train);
            float[] scores = model.Transform(ml.Data.LoadFromEnumerable(RawTable.ForScoring(testRows))).GetColumn<float>("Score").ToArray();
            Assert.That(scores.All(float.IsFinite));
            return AnomalyMetrics.AreaUnderRocCurve(scores, testTruth);
        }
    }
}
