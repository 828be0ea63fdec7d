using System;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Columns of the wrong shape or type, at training (checked before any backbone code runs, so DevNet stands
    /// for all). Rows of docs/reliability.md.
    /// </summary>
    public class HostileSchemaTests
    {
        private static readonly (float[][] Rows, float[] Labels) Data = Tables.Synthetic(50);

        private static AnoOnlyTrainer Trainer(MLContext ml) => ml.AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet));

        [Test]
        public void VariableLengthFeatureColumnIsRefused()
        {
            var ml = new MLContext(1);
            IDataView data = Tables.Single(ml, Data.Rows, Data.Labels, size: 0);
            var e = Assert.Throws<AnoOnlyInputException>(() => Trainer(ml).Fit(data))!;
            Assert.That(e.ColumnName, Is.EqualTo("Features"));
            Assert.That(e.Message, Does.Contain("known-size vector of Single"));
        }

        [Test]
        public void DoubleFeatureColumnIsRefused()
        {
            var ml = new MLContext(1);
            var e = Assert.Throws<AnoOnlyInputException>(() => Trainer(ml).Fit(Tables.DoubleFeatures(ml, Data.Rows, Data.Labels)))!;
            Assert.That(e.ColumnName, Is.EqualTo("Features"));
            Assert.That(e.Message, Does.Contain("Vector<Double, 4>"));
        }

        [Test]
        public void ScalarFeatureColumnIsRefused()
        {
            var ml = new MLContext(1);
            IDataView data = ml.Data.LoadFromEnumerable(Data.Labels.Select(l => new Tables.ScalarFeatureRow { Features = 0.5f, Label = l }));
            var e = Assert.Throws<AnoOnlyInputException>(() => Trainer(ml).Fit(data))!;
            Assert.That(e.ColumnName, Is.EqualTo("Features"));
        }

        [Test]
        public void MissingFeatureColumnListsTheColumnsPresent()
        {
            var ml = new MLContext(1);
            var options = Backbones.Tiny(AnoOnlyBackbone.DevNet);
            options.FeatureColumnName = "Inputs";
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.AnomalyDetection.Trainers.AnoOnly(options)
                .Fit(Tables.Single(ml, Data.Rows, Data.Labels)))!;
            Assert.That(e.ColumnName, Is.EqualTo("Inputs"));
            Assert.That(e.Message, Does.Contain("'Features'"));
        }

        [Test]
        public void MissingLabelColumnIsRefused()
        {
            var ml = new MLContext(1);
            IDataView data = Tables.FeaturesOnly(ml, Data.Rows);
            var fit = Assert.Throws<AnoOnlyInputException>(() => Trainer(ml).Fit(data))!;
            Assert.That(fit.ColumnName, Is.EqualTo("Label"));
            Assert.That(fit.Message, Does.Contain("no label column 'Label'"));
        }

        [Test]
        public void LabelOfWrongTypeIsRefused()
        {
            var ml = new MLContext(1);
            var views = new[]
            {
                Tables.WithLabel(ml, Data.Rows, Data.Labels.Select(l => (double)l).ToArray()),
                Tables.WithLabel(ml, Data.Rows, Data.Labels.Select(l => (int)l).ToArray()),
                Tables.WithLabel(ml, Data.Rows, Data.Labels.Select(l => l > 0 ? "anomaly" : "normal").ToArray()),
            };
            foreach (IDataView view in views)
            {
                var e = Assert.Throws<AnoOnlyInputException>(() => Trainer(ml).Fit(view))!;
                Assert.That(e.ColumnName, Is.EqualTo("Label"));
                Assert.That(e.Message, Does.Contain("expected Boolean"));
            }
        }

        [Test]
        public void BooleanLabelsTrainLikeSingleLabels()
        {
            var ml = new MLContext(1);
            AnoOnlyTransformer single = Trainer(ml).Fit(Tables.Single(ml, Data.Rows, Data.Labels));
            AnoOnlyTransformer boolean = Trainer(ml).Fit(Tables.Boolean(ml, Data.Rows, Data.Labels.Select(l => l > 0).ToArray()));
            IDataView rows = Tables.Single(ml, Data.Rows, Data.Labels);
            Assert.That(Tables.Scores(boolean.Transform(rows)), Is.EqualTo(Tables.Scores(single.Transform(rows))));
        }

        [Test]
        public void NaNLabelMeansUnlabeled()
        {
            var ml = new MLContext(1);
            float[] withNaN = Data.Labels.Select(l => l > 0 ? 1f : float.NaN).ToArray();
            AnoOnlyTransformer nan = Trainer(ml).Fit(Tables.Single(ml, Data.Rows, withNaN));
            AnoOnlyTransformer zero = Trainer(ml).Fit(Tables.Single(ml, Data.Rows, Data.Labels));
            IDataView rows = Tables.Single(ml, Data.Rows, Data.Labels);
            Assert.That(Tables.Scores(nan.Transform(rows)), Is.EqualTo(Tables.Scores(zero.Transform(rows))));
        }
    }
}
