using System;
using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Scoring rows a model cannot score, for the trained model and for the same model saved and loaded (a plain
    /// ML.NET chain). Scoring never returns NaN: a row it cannot score throws <see cref="AnoOnlyInputException"/>
    /// naming the column. ML.NET's multi-threaded cursor (used by <c>Transform</c> on larger views) wraps it in
    /// an <see cref="InvalidOperationException"/>; <c>PredictionEngine</c> throws it as is.
    /// </summary>
    [TestFixtureSource(typeof(Backbones), nameof(Backbones.All))]
    public class HostileScoringInputTests
    {
        private readonly AnoOnlyBackbone _backbone;
        private MLContext _ml = null!;
        private AnoOnlyTransformer _model = null!;
        private ITransformer _loaded = null!;
        private TempFolder _folder = null!;

        public HostileScoringInputTests(AnoOnlyBackbone backbone) => _backbone = backbone;

        public sealed class Row
        {
            [VectorType]
            public float[] Features = Array.Empty<float>();
        }

        public sealed class Scored
        {
            public float Score;
            public bool PredictedLabel;
        }

        [OneTimeSetUp]
        public void Train()
        {
            _ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(100);
            _model = Backbones.Fit(_ml, Backbones.Tiny(_backbone), Tables.Single(_ml, rows, labels));
            _folder = new TempFolder();
            _ml.Model.Save(_model, null, _folder.File("model.zip"));
            _loaded = _ml.Model.Load(_folder.File("model.zip"), out _);
        }

        [OneTimeTearDown]
        public void CleanUp() => _folder?.Dispose();

        private static T Find<T>(Exception e) where T : Exception
        {
            for (Exception? x = e; x != null; x = x.InnerException)
            {
                if (x is T found)
                    return found;
            }
            Assert.Fail($"Expected a {typeof(T).Name} in {e}");
            throw new InvalidOperationException();
        }

        [TestCase(float.NaN)]
        [TestCase(float.PositiveInfinity)]
        [TestCase(float.NegativeInfinity)]
        public void NonFiniteScoringValueIsRefusedNamingColumnAndSlot(float bad)
        {
            var row = new Row { Features = new[] { 0.5f, 0.5f, bad, 0.5f } };
            foreach (ITransformer model in new[] { _model, _loaded })
            {
                var engine = _ml.Model.CreatePredictionEngine<Row, Scored>(model);
                var e = Assert.Throws<AnoOnlyInputException>(() => engine.Predict(row))!;
                Assert.That(e.ColumnName, Is.EqualTo("Features"));
                Assert.That(e.Message, Does.Contain("slot 2"));

                var (rows, labels) = Tables.Synthetic(200);
                rows[150][2] = bad;
                var wrapped = Assert.Catch(() => Tables.Scores(model.Transform(Tables.Single(_ml, rows, labels))))!;
                Assert.That(Find<AnoOnlyInputException>(wrapped).ColumnName, Is.EqualTo("Features"));
            }
        }

        [Test]
        public void ExtremeScoringValuesNeverGiveNaN()
        {
            float[][] rows =
            {
                new[] { 1e30f, 1e30f, 1e30f, 1e30f },
                new[] { -1e30f, 1e30f, -1e30f, 1e30f },
                new[] { float.MaxValue, float.MaxValue, float.MaxValue, float.MaxValue },
                new[] { float.MaxValue, -float.MaxValue, float.MaxValue, -float.MaxValue },
                new[] { float.Epsilon, 0f, -0f, float.Epsilon },
            };
            foreach (ITransformer model in new[] { _model, _loaded })
            {
                var engine = _ml.Model.CreatePredictionEngine<Row, Scored>(model);
                foreach (float[] features in rows)
                {
                    try
                    {
                        float score = engine.Predict(new Row { Features = features }).Score;
                        TestContext.Out.WriteLine($"{_backbone} [{string.Join(", ", features)}] -> {score}");
                        Assert.That(float.IsNaN(score), Is.False);
                    }
                    catch (AnoOnlyInputException e)
                    {
                        TestContext.Out.WriteLine($"{_backbone} [{string.Join(", ", features)}] -> {e.Message}");
                        Assert.That(e.Message, Does.Contain("too large"));
                    }
                }
            }
        }

        [TestCase(3)]
        [TestCase(5)]
        public void FeatureCountDifferentFromTrainingIsRefused(int width)
        {
            var (rows, labels) = Tables.Synthetic(20, features: width);
            IDataView data = Tables.Single(_ml, rows, labels);
            var eager = Assert.Throws<AnoOnlyInputException>(() => _model.Transform(data))!;
            Assert.That(eager.Message, Does.Contain($"has {width} values").And.Contain("trained on 4"));

            var engine = _ml.Model.CreatePredictionEngine<Row, Scored>(_loaded);
            var perRow = Assert.Throws<AnoOnlyInputException>(() => engine.Predict(new Row { Features = rows[0] }))!;
            Assert.That(perRow.Message, Does.Contain($"has {width} values").And.Contain("trained on 4"));
        }

        [Test]
        public void NonSingleFeatureColumnIsRefused()
        {
            var (rows, labels) = Tables.Synthetic(20);
            IDataView doubles = Tables.DoubleFeatures(_ml, rows, labels);
            var eager = Assert.Throws<AnoOnlyInputException>(() => _model.Transform(doubles))!;
            Assert.That(eager.ColumnName, Is.EqualTo("Features"));
            // The loaded chain is ML.NET's own: its column binding refuses the Double vector.
            var loaded = Assert.Catch(() => Tables.Scores(_loaded.Transform(doubles)))!;
            Assert.That(loaded, Is.InstanceOf<InvalidOperationException>().Or.InstanceOf<ArgumentException>());
            Assert.That(loaded.Message, Does.Contain("Double"));
        }

        [Test]
        public void MissingFeatureColumnIsRefused()
        {
            IDataView noFeatures = _ml.Data.LoadFromEnumerable(new[] { new Tables.ScalarFeatureRow() }.Select(r => new { Other = 1f }));
            Assert.Throws<AnoOnlyInputException>(() => _model.Transform(noFeatures));
            Assert.Catch<ArgumentException>(() => _loaded.Transform(noFeatures));
        }

        [Test]
        public void VariableLengthColumnScoresRowsOfTheRightLength()
        {
            var (rows, labels) = Tables.Synthetic(20);
            float[] expected = Tables.Scores(_loaded.Transform(Tables.Single(_ml, rows, labels)));
            IDataView variable = Tables.Single(_ml, rows, labels, size: 0);
            foreach (ITransformer model in new[] { _model, _loaded })
            {
                Assert.That(Tables.Scores(model.Transform(variable)), Is.EqualTo(expected));
                var engine = _ml.Model.CreatePredictionEngine<Row, Scored>(model);
                Assert.Throws<AnoOnlyInputException>(() => engine.Predict(new Row { Features = new float[7] }));
            }
        }
    }
}
