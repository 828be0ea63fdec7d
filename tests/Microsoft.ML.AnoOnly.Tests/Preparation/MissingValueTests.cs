using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>Blanks in numeric columns: imputed with the training mean plus an indicator, or refused by name.</summary>
    public sealed class MissingValueTests
    {
        [Test]
        public void BlanksAreImputedInTrainingAndScoring()
        {
            var ml = new MLContext(seed: 1);
            var (trainRows, _) = RawTable.Customers(600, 0.05, 10, seed: 3, blankShare: 0.2);
            IDataView train = ml.Data.LoadFromEnumerable(trainRows);

            AnoOnlyFeaturizer featurizer = ml.Transforms.PrepareAnoOnlyFeatures(train, "Features", "Label", "CustomerId");
            AnoOnlyFeatureColumn amount = featurizer.Columns.Single(c => c.Name == "Amount");
            Assert.That(amount.Role, Is.EqualTo(AnoOnlyColumnRole.Numeric));
            Assert.That(amount.MissingCount, Is.EqualTo(trainRows.Count(r => float.IsNaN(r.Amount))));
            Assert.That(amount.HasMissingIndicator, "a column with blanks in the sample gets a missing indicator");
            Assert.That(featurizer.Columns.Single(c => c.Name == "Balance").HasMissingIndicator, Is.False);
            Assert.That(amount.ToString(), Does.Contain("missing"));

            var model = featurizer.Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 5, Seed = 1 })).Fit(train);
            var (testRows, _) = RawTable.Customers(200, 0.05, 0, seed: 4, blankShare: 0.5);
            IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(RawTable.ForScoring(testRows)));
            float[] scores = scored.GetColumn<float>("Score").ToArray();
            Assert.That(scores, Has.Length.EqualTo(200));
            Assert.That(scores.All(float.IsFinite), "no NaN score from a blank");
            float[][] features = scored.GetColumn<float[]>("Features").ToArray();
            Assert.That(features.SelectMany(f => f).All(float.IsFinite), "every blank was imputed");
        }

        [Test]
        public void ABlankNumericColumnValueWithMissingValuesErrorNamesTheColumnAndRow()
        {
            var ml = new MLContext(seed: 1);
            var (rows, _) = RawTable.Customers(300, 0.05, 10, seed: 5);
            rows[42].Amount = float.NaN;
            var options = new AnoOnlyFeaturizerOptions { ExcludedColumnNames = { "CustomerId" }, MissingValues = AnoOnlyMissingValues.Error };
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.Transforms.PrepareAnoOnlyFeatures(ml.Data.LoadFromEnumerable(rows), options));
            Assert.That(e!.ColumnName, Is.EqualTo("Amount"));
            Assert.That(e.Row, Is.EqualTo(42));
            Assert.That(e.Message, Does.Contain("'Amount'").And.Contain("MissingValues = Error"));
        }

        [Test]
        public void ABlankPastTheSampleWithMissingValuesErrorFailsTheFit()
        {
            var ml = new MLContext(seed: 1);
            var (rows, _) = RawTable.Customers(300, 0.05, 10, seed: 5);
            rows[250].Balance = double.NaN;
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            var options = new AnoOnlyFeaturizerOptions
            {
                ExcludedColumnNames = { "CustomerId" },
                MissingValues = AnoOnlyMissingValues.Error,
                SampleRowCount = 100,
            };
            AnoOnlyFeaturizer featurizer = ml.Transforms.PrepareAnoOnlyFeatures(data, options);
            var e = Assert.Throws<AnoOnlyInputException>(() => featurizer.Fit(data));
            Assert.That(e!.ColumnName, Is.EqualTo("Balance"));
            Assert.That(e.Row, Is.EqualTo(250));
        }
    }
}
