using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Sweeps;
using Microsoft.ML.AnoOnly.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    public class StratifiedFoldsTests
    {
        [TestCase(7, 200, 3)]
        [TestCase(3, 50, 3)]
        [TestCase(10, 31, 5)]
        public void EachFoldHoldsAnEvenShareOfEachClass(int anomalies, int unlabeled, int folds)
        {
            var split = StratifiedFolds.Create(anomalies, unlabeled, folds, new Random(1), "Label");
            Assert.That(split.Count, Is.EqualTo(folds));
            for (int k = 0; k < folds; k++)
            {
                Assert.That(split.AnomalyFold.Count(f => f == k), Is.InRange(anomalies / folds, (anomalies + folds - 1) / folds));
                Assert.That(split.UnlabeledFold.Count(f => f == k), Is.InRange(unlabeled / folds, (unlabeled + folds - 1) / folds));
            }
        }

        [Test]
        public void FoldsAreCappedByTheLabeledAnomalies()
        {
            var split = StratifiedFolds.Create(2, 100, 5, new Random(1), "Label");
            Assert.That(split.Count, Is.EqualTo(2));
            Assert.That(split.AnomalyFold.OrderBy(f => f), Is.EqualTo(new[] { 0, 1 }), "one labeled anomaly held out per fold");
        }

        [Test]
        public void FoldsDependOnTheSeedOnly()
        {
            var a = StratifiedFolds.Create(9, 90, 3, new Random(4), "Label");
            var b = StratifiedFolds.Create(9, 90, 3, new Random(4), "Label");
            var c = StratifiedFolds.Create(9, 90, 3, new Random(5), "Label");
            Assert.That(b.UnlabeledFold, Is.EqualTo(a.UnlabeledFold));
            Assert.That(c.UnlabeledFold, Is.Not.EqualTo(a.UnlabeledFold));
        }

        [Test]
        public void FewerThanTwoLabeledAnomaliesIsAnInputError()
        {
            Assert.That(() => StratifiedFolds.Create(1, 100, 3, new Random(1), "IsFraud"),
                Throws.TypeOf<AnoOnlyInputException>().With.Message.Contains("'IsFraud'").And.Message.Contains("at least 2"));
        }
    }
}
