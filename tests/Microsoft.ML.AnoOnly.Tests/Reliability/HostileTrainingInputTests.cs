using System;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// The training rows of the hostile-input table in docs/reliability.md: each gives a typed exception naming
    /// the column (and row) at fault, or a documented valid model whose scores are finite.
    /// </summary>
    [TestFixtureSource(typeof(Backbones), nameof(Backbones.All))]
    public class HostileTrainingInputTests
    {
        private readonly AnoOnlyBackbone _backbone;

        public HostileTrainingInputTests(AnoOnlyBackbone backbone) => _backbone = backbone;

        private AnoOnlyTransformer Fit(MLContext ml, IDataView data) => Backbones.Fit(ml, Backbones.Tiny(_backbone), data);

        private void AssertFinite(AnoOnlyTransformer model, IDataView data)
        {
            float[] scores = Tables.Scores(model.Transform(data));
            Assert.That(scores, Has.All.Matches<float>(float.IsFinite), "scores");
            Assert.That(float.IsFinite(model.Threshold), "threshold");
        }

        [Test]
        public void EmptyDataIsRefused()
        {
            var ml = new MLContext(1);
            IDataView empty = Tables.Single(ml, Array.Empty<float[]>(), Array.Empty<float>(), size: 4);
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            var e = Assert.Throws<AnoOnlyInputException>(() => Fit(ml, empty))!;
            Assert.That(e.Message, Does.Contain("no rows"));
        }

        [Test]
        public void OneUnlabeledRowIsRefusedForWantOfAnomalies()
        {
            var ml = new MLContext(1);
            IDataView one = Tables.Single(ml, new[] { new float[] { 0.1f, 0.2f, 0.3f, 0.4f } }, new[] { 0f });
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            var e = Assert.Throws<AnoOnlyInputException>(() => Fit(ml, one))!;
            Assert.That(e.ColumnName, Is.EqualTo("Label"));
        }

        [Test]
        public void OneAnomalousRowIsRefusedForWantOfUnlabeledRows()
        {
            var ml = new MLContext(1);
            IDataView one = Tables.Single(ml, new[] { new float[] { 0.1f, 0.2f, 0.3f, 0.4f } }, new[] { 1f });
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            var e = Assert.Throws<AnoOnlyInputException>(() => Fit(ml, one))!;
            Assert.That(e.ColumnName, Is.EqualTo("Label"));
        }

        [Test]
        public void NoLabeledAnomalyIsRefused()
        {
            var ml = new MLContext(1);
            var (rows, _) = Tables.Synthetic(100);
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            var e = Assert.Throws<AnoOnlyInputException>(() => Fit(ml, Tables.Boolean(ml, rows, new bool[rows.Length])))!;
            Assert.That(e.ColumnName, Is.EqualTo("Label"));
            Assert.That(e.Message, Does.Contain("labeled as an anomaly").Or.Contain("labeled anomalies"));
        }

        [Test]
        public void EveryRowLabeledIsRefused()
        {
            var ml = new MLContext(1);
            var (rows, _) = Tables.Synthetic(100);
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            var e = Assert.Throws<AnoOnlyInputException>(() => Fit(ml, Tables.Single(ml, rows, Enumerable.Repeat(1f, rows.Length).ToArray())))!;
            Assert.That(e.ColumnName, Is.EqualTo("Label"));
        }

        [Test]
        public void OneLabeledAnomalyTrainsOrSaysHowManyAreNeeded()
        {
            var ml = new MLContext(1);
            var (rows, _) = Tables.Synthetic(100);
            var labels = new float[rows.Length];
            labels[9] = 1;
            IDataView data = Tables.Single(ml, rows, labels);
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            try
            {
                AssertFinite(Fit(ml, data), data);
                TestContext.Out.WriteLine($"{_backbone}: trains on one labeled anomaly");
            }
            catch (AnoOnlyInputException e)
            {
                TestContext.Out.WriteLine($"{_backbone}: {e.Message}");
                Assert.That(e.Message, Does.Contain("at least"));
                Assert.That(_backbone, Is.Not.EqualTo(AnoOnlyBackbone.DevNet), "DevNet needs one labeled anomaly only");
            }
        }

        /// <summary>DevNet must give the valid result; another backbone may instead refuse with a typed training
        /// exception (printed, for docs/reliability.md), but never give NaN or an untyped exception.</summary>
        private void ValidForDevNetOrTypedRefusal(Action fitAndCheck)
        {
            try
            {
                fitAndCheck();
                TestContext.Out.WriteLine($"{_backbone}: valid model");
            }
            catch (AnoOnlyTrainingException e) when (_backbone != AnoOnlyBackbone.DevNet)
            {
                TestContext.Out.WriteLine($"{_backbone}: {e.Message}");
            }
        }

        [Test]
        public void ConstantFeaturesGiveOneFiniteScore()
        {
            var ml = new MLContext(1);
            float[][] rows = Enumerable.Range(0, 60).Select(_ => new float[] { 0.5f, 0.5f, 0.5f, 0.5f }).ToArray();
            float[] labels = Enumerable.Range(0, 60).Select(i => i % 10 == 0 ? 1f : 0f).ToArray();
            IDataView data = Tables.Single(ml, rows, labels);
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            ValidForDevNetOrTypedRefusal(() =>
            {
                float[] scores = Tables.Scores(Fit(ml, data).Transform(data));
                Assert.That(scores, Has.All.Matches<float>(float.IsFinite));
                Assert.That(scores.Distinct().Count(), Is.EqualTo(1), "identical rows, identical scores");
            });
        }

        [Test]
        public void DuplicateRowsTrainNormally()
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(60);
            float[][] tripled = rows.Concat(rows).Concat(rows).ToArray();
            IDataView data = Tables.Single(ml, tripled, labels.Concat(labels).Concat(labels).ToArray());
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            ValidForDevNetOrTypedRefusal(() => AssertFinite(Fit(ml, data), data));
        }

        [Test]
        public void HugeFeatureMagnitudesDivergeWithAScalingHintOrScoreFinitely()
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(100);
            float[][] huge = rows.Select(r => r.Select(v => v * 1e30f).ToArray()).ToArray();
            IDataView data = Tables.Single(ml, huge, labels);
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            try
            {
                AssertFinite(Fit(ml, data), data);
                TestContext.Out.WriteLine($"{_backbone}: trains on 1e30 features");
            }
            catch (AnoOnlyTrainingException e)
            {
                TestContext.Out.WriteLine($"{_backbone}: {e.Message}");
                Assert.That(e.Message, Does.Contain("not scaled").And.Match(@"values reach 9\.98E\+29"));
            }
        }

        [TestCase(float.NaN)]
        [TestCase(float.PositiveInfinity)]
        [TestCase(float.NegativeInfinity)]
        public void NonFiniteTrainingValueNamesRowAndSlot(float bad)
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(100);
            rows[37][2] = bad;
            Backbones.Trainer(ml, Backbones.Tiny(_backbone));
            var e = Assert.Throws<AnoOnlyInputException>(() => Fit(ml, Tables.Single(ml, rows, labels)))!;
            Assert.That(e.Row, Is.EqualTo(37));
            Assert.That(e.ColumnName, Is.EqualTo("Features"));
            Assert.That(e.Message, Does.Contain("slot 2"));
        }
    }
}
