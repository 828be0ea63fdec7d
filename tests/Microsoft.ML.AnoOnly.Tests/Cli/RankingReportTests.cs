using Microsoft.ML.AnoOnly.Cli.Reports;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    public sealed class RankingReportTests
    {
        // Ranked by score: A N A N N A (A = anomaly, N = normal).
        private static readonly float[] Scores = { 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f };
        private static readonly bool[] Labels = { true, false, true, false, false, true };

        [TestCase(0, 1.0 / 3)]
        [TestCase(1, 2.0 / 3)]
        [TestCase(2, 2.0 / 3)]
        [TestCase(3, 1.0)]
        public void DetectionRateCountsAnomaliesBeforeTheBudgetIsSpent(int falsePositives, double expected)
            => Assert.That(new RankingReport(Scores, Labels).DetectionRateAtFalsePositives(falsePositives), Is.EqualTo(expected).Within(1e-12));

        [Test]
        public void TiedScoresAreOneStep()
        {
            // The anomaly and the normal row share a score: with a budget of 0 the analyst cannot take that group.
            var report = new RankingReport(new[] { 0.5f, 0.5f, 0.1f }, new[] { true, false, false });
            Assert.That(report.DetectionRateAtFalsePositives(0), Is.EqualTo(0));
            Assert.That(report.DetectionRateAtFalsePositives(1), Is.EqualTo(1));
            (double[] fpr, double[] tpr) = report.RocCurve();
            Assert.That(fpr, Is.EqualTo(new[] { 0, 0.5, 1 }));
            Assert.That(tpr, Is.EqualTo(new[] { 0, 1.0, 1 }));
        }

        [Test]
        public void RocCurveEndsAtOneOneAndMatchesTheArea()
        {
            var report = new RankingReport(Scores, Labels);
            (double[] fpr, double[] tpr) = report.RocCurve();
            Assert.That(fpr[^1], Is.EqualTo(1));
            Assert.That(tpr[^1], Is.EqualTo(1));
            double area = 0;
            for (int i = 1; i < fpr.Length; i++)
                area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
            Assert.That(area, Is.EqualTo(report.AreaUnderRocCurve).Within(1e-12));
        }

        [Test]
        public void FlaggedRowsGivePrecisionAndRecall()
        {
            (int flagged, double precision, double recall) = new RankingReport(Scores, Labels)
                .OfPredictions(new[] { true, true, true, false, false, false });
            Assert.That(flagged, Is.EqualTo(3));
            Assert.That(precision, Is.EqualTo(2.0 / 3).Within(1e-12));
            Assert.That(recall, Is.EqualTo(2.0 / 3).Within(1e-12));
        }
    }
}
