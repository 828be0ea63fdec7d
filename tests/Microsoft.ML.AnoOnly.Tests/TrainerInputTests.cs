using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>Bad input gets a clear, typed error that names the column (and row) and what was expected.</summary>
    public class TrainerInputTests
    {
        private static AnoOnlyInputException FitFails(MLContext ml, IDataView data, AnoOnlyTrainer.Options? options = null)
            => Assert.Throws<AnoOnlyInputException>(() => ml.AnomalyDetection.Trainers.AnoOnly(options ?? TrainerTests.SmallOptions()).Fit(data))!;

        private static IDataView Rows(MLContext ml, float[][] features, float[] labels)
            => new LabeledDataset(features, labels.Select(l => l > 0).ToArray()).ToDataView(ml);

        [Test]
        public void NoLabeledAnomaly()
        {
            var ml = new MLContext(seed: 1);
            var data = Rows(ml, new[] { new[] { 1f, 2f }, new[] { 2f, 3f } }, new[] { 0f, 0f });
            var e = FitFails(ml, data);
            Assert.That(e.Message, Does.Contain("No row").And.Contain("'Label'"));
            Assert.That(e.ColumnName, Is.EqualTo("Label"));
        }

        [Test]
        public void NoUnlabeledRow()
        {
            var ml = new MLContext(seed: 1);
            var data = Rows(ml, new[] { new[] { 1f, 2f }, new[] { 2f, 3f } }, new[] { 1f, 1f });
            Assert.That(FitFails(ml, data).Message, Does.Contain("Every row").And.Contain("unlabeled"));
        }

        [Test]
        public void NonFiniteFeatureNamesTheRowAndSlot()
        {
            var ml = new MLContext(seed: 1);
            var data = Rows(ml, new[] { new[] { 1f, 2f }, new[] { 2f, 3f }, new[] { 4f, float.NaN } }, new[] { 0f, 1f, 0f });
            var e = FitFails(ml, data);
            Assert.That(e.Message, Does.Contain("Row 2").And.Contain("'Features'").And.Contain("slot 1").And.Contain("NaN"));
            Assert.That(e.Row, Is.EqualTo(2));

            var infinite = Rows(ml, new[] { new[] { 1f, float.PositiveInfinity }, new[] { 2f, 3f } }, new[] { 0f, 1f });
            Assert.That(FitFails(ml, infinite).Message, Does.Contain("Row 0").And.Contain("∞").Or.Contain("Infinity"));
        }

        [Test]
        public void MissingColumnsListWhatIsThere()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            var options = TrainerTests.SmallOptions();
            options.FeatureColumnName = "Inputs";
            Assert.That(FitFails(ml, train, options).Message, Does.Contain("no feature column 'Inputs'").And.Contain("'Features'"));

            options = TrainerTests.SmallOptions();
            options.LabelColumnName = "IsFraud";
            Assert.That(FitFails(ml, train, options).Message, Does.Contain("no label column 'IsFraud'").And.Contain("'Label'"));
        }

        [Test]
        public void WrongLabelType()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            IDataView doubleLabel = ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Double).Fit(train).Transform(train);
            Assert.That(FitFails(ml, doubleLabel).Message, Does.Contain("Label column 'Label' is of type Double").And.Contain("Boolean"));
        }

        private sealed class VariableRow
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
        }

        private sealed class DoubleRow
        {
            [VectorType(2)]
            public double[] Features = Array.Empty<double>();
            public float Label;
        }

        private sealed class ScalarRow
        {
            public float Features;
            public float Label;
        }

        [Test]
        public void FeaturesMustBeAKnownSizeVectorOfSingle()
        {
            var ml = new MLContext(seed: 1);
            IDataView variable = ml.Data.LoadFromEnumerable(new[] { new VariableRow { Features = new[] { 1f }, Label = 1 } });
            Assert.That(FitFails(ml, variable).Message, Does.Contain("known-size vector of Single").And.Contain("'Features'"));

            IDataView doubles = ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = new[] { 1.0, 2.0 }, Label = 1 } });
            Assert.That(FitFails(ml, doubles).Message, Does.Contain("Vector<Double, 2>"));

            IDataView scalar = ml.Data.LoadFromEnumerable(new[] { new ScalarRow { Features = 1, Label = 1 } });
            Assert.That(FitFails(ml, scalar).Message, Does.Contain("known-size vector"));
        }

        [Test]
        public void ScoringDataWithAnotherFeatureCountIsRefused()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, features: 8);
            var model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train);
            var (_, otherTest, _) = TestData.SyntheticSplit(ml, features: 5);
            var e = Assert.Throws<AnoOnlyInputException>(() => model.Transform(otherTest))!;
            Assert.That(e.Message, Does.Contain("has 5 values").And.Contain("trained on 8"));
        }

        [Test]
        public void NaNInScoringDataIsRefusedNotScored()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, features: 2);
            var model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train);
            IDataView bad = Rows(ml, new[] { new[] { 0.5f, float.NaN } }, new[] { 0f });
            var e = Assert.Catch(() => model.Transform(bad).GetColumn<float>("Score").ToArray())!;
            while (e is not AnoOnlyInputException && e.InnerException != null)
                e = e.InnerException;
            Assert.That(e, Is.TypeOf<AnoOnlyInputException>());
            Assert.That(e.Message, Does.Contain("NaN").And.Contain("slot 1").And.Contain("row 0"));
            Assert.That(((AnoOnlyInputException)e).Row, Is.EqualTo(0), "the trained model's Transform knows the row");
        }

        [Test]
        public void OptionsOutOfRangeAreRefusedBeforeReadingData()
        {
            var ml = new MLContext(seed: 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Contamination = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { MaxUnlabeledRows = 0 }));
            var (train, _, _) = TestData.SyntheticSplit(ml);
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { LearningRate = -1 }).Fit(train));
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 0 }).Fit(train));
        }
    }
}
