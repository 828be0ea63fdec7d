using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    public class SmokeTests
    {
        [Test]
        public void DevNetTrainsOnSyntheticData()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml);
            var model = ml.AnomalyDetection.Trainers.AnoOnly(seed: 1).Fit(train);
            var scored = model.Transform(test);
            float[] scores = scored.GetColumn<float>("Score").ToArray();
            double auc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
            TestContext.Out.WriteLine($"AUC {auc}");
            var metrics = ml.AnomalyDetection.Evaluate(scored);
            TestContext.Out.WriteLine($"ML.NET AUC {metrics.AreaUnderRocCurve}");
            Assert.That(auc, Is.GreaterThan(0.9));
        }
    }
}
