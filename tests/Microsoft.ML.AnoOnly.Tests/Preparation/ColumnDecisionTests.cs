using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>Which column becomes what, and the errors that name a column.</summary>
    public sealed class ColumnDecisionTests
    {
        [Test]
        public void AnIdLikeColumnIsLeftOut()
        {
            var ml = new MLContext(seed: 1);
            var (rows, _) = RawTable.Customers(500, 0.05, 10, seed: 10);
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            AnoOnlyFeaturizer featurizer = ml.Transforms.PrepareAnoOnlyFeatures(data);   // CustomerId not excluded

            AnoOnlyFeatureColumn id = featurizer.Columns.Single(c => c.Name == "CustomerId");
            Assert.That(id.Role, Is.EqualTo(AnoOnlyColumnRole.LeftOut));
            Assert.That(id.Reason, Does.StartWith("id-like"));
            Assert.That(id.DistinctCount, Is.EqualTo(500));
            Assert.That(featurizer.Columns.Single(c => c.Name == "Label").Role, Is.EqualTo(AnoOnlyColumnRole.LeftOut));
            Assert.That(featurizer.Columns.Single(c => c.Name == "Region").Role, Is.EqualTo(AnoOnlyColumnRole.Categorical));
            Assert.That(featurizer.Columns.Where(c => c.Role == AnoOnlyColumnRole.Numeric).Select(c => c.Name),
                Is.EqualTo(new[] { "Amount", "Balance", "Visits" }));

            // 3 numbers + 6 regions: nothing of the 500 ids.
            var features = (VectorDataViewType)featurizer.Fit(data).GetOutputSchema(data.Schema)["Features"].Type;
            Assert.That(features.Size, Is.EqualTo(9));
        }

        [Test]
        public void ATextColumnWithMoreThanMaxCategoriesValuesIsLeftOut()
        {
            var ml = new MLContext(seed: 1);
            var (rows, _) = RawTable.Customers(500, 0.05, 10, seed: 11);
            for (int i = 0; i < rows.Count; i++)
                rows[i].Region = "R" + (i % 40);   // 40 values, each 12 or 13 times: not id-like
            IDataView data = ml.Data.LoadFromEnumerable(rows);

            var few = ml.Transforms.PrepareAnoOnlyFeatures(data, new AnoOnlyFeaturizerOptions { ExcludedColumnNames = { "CustomerId" }, MaxCategories = 30 });
            AnoOnlyFeatureColumn region = few.Columns.Single(c => c.Name == "Region");
            Assert.That(region.Role, Is.EqualTo(AnoOnlyColumnRole.LeftOut));
            Assert.That(region.Reason, Does.Contain("more than MaxCategories = 30"));

            var named = ml.Transforms.PrepareAnoOnlyFeatures(data,
                new AnoOnlyFeaturizerOptions { ExcludedColumnNames = { "CustomerId" }, CategoricalColumnNames = new List<string> { "Region", "Visits" } });
            Assert.That(named.Columns.Single(c => c.Name == "Region").Role, Is.EqualTo(AnoOnlyColumnRole.Categorical), "named columns are encoded");
            Assert.That(named.Columns.Single(c => c.Name == "Visits").Role, Is.EqualTo(AnoOnlyColumnRole.Categorical), "a named number too");
            var features = (VectorDataViewType)named.Fit(data).GetOutputSchema(data.Schema)["Features"].Type;
            Assert.That(features.Size, Is.EqualTo(2 + 40 + 30), "Amount, Balance; 40 regions; 30 visit counts");
        }

        [Test]
        public void NamingAColumnTheTableLacksIsAnErrorThatNamesIt()
        {
            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(RawTable.Customers(50, 0.1, 2, seed: 12).Rows);
            var e = Assert.Throws<AnoOnlyInputException>(() => ml.Transforms.PrepareAnoOnlyFeatures(data, "Features", "Label", "Id"));
            Assert.That(e!.ColumnName, Is.EqualTo("Id"));
            e = Assert.Throws<AnoOnlyInputException>(() => ml.Transforms.PrepareAnoOnlyFeatures(data,
                new AnoOnlyFeaturizerOptions { CategoricalColumnNames = new List<string> { "Country" } }));
            Assert.That(e!.ColumnName, Is.EqualTo("Country"));
        }

        [Test]
        public void TrainingDataWithoutAFeatureColumnOfTheSampleIsAnErrorThatNamesIt()
        {
            var ml = new MLContext(seed: 1);
            var (rows, _) = RawTable.Customers(100, 0.1, 2, seed: 13);
            var featurizer = ml.Transforms.PrepareAnoOnlyFeatures(ml.Data.LoadFromEnumerable(rows), "Features", "Label", "CustomerId");
            var e = Assert.Throws<AnoOnlyInputException>(() => featurizer.Fit(ml.Data.LoadFromEnumerable(RawTable.ForScoring(rows).Select(
                r => new { r.Amount, r.Balance, r.Region }))));
            Assert.That(e!.ColumnName, Is.EqualTo("Visits"));
        }

        [Test]
        public void EachDecisionIsOneLogLine()
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var featurizer = ml.Transforms.PrepareAnoOnlyFeatures(ml.Data.LoadFromEnumerable(RawTable.Customers(100, 0.1, 2, seed: 14).Rows));
            Assert.That(messages.Count(m => m.Contains("AnoOnly features: '")), Is.EqualTo(featurizer.Columns.Count));
            Assert.That(messages, Has.One.Contains("from the first 100 rows: 3 numeric, 1 categorical, 2 left out"));
        }
    }
}
