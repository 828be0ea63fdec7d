using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>A category never met in training encodes as all zeros and scores; it does not throw.</summary>
    public sealed class UnseenCategoryTests
    {
        [Test]
        public void AnUnseenCategoryScoresFine()
        {
            var ml = new MLContext(seed: 1);
            var (trainRows, _) = RawTable.Customers(600, 0.05, 10, seed: 6);
            IDataView train = ml.Data.LoadFromEnumerable(trainRows);
            var featurizer = ml.Transforms.PrepareAnoOnlyFeatures(train, "Features", "Label", "CustomerId");
            var model = featurizer.Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 5, Seed = 1 })).Fit(train);

            var rows = new[]
            {
                new CustomerToScore { Amount = 50, Balance = 1000, Visits = 10, Region = "North" },
                new CustomerToScore { Amount = 50, Balance = 1000, Visits = 10, Region = "Mars" },
                new CustomerToScore { Amount = 50, Balance = 1000, Visits = 10, Region = "" },
            };
            IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
            float[] scores = scored.GetColumn<float>("Score").ToArray();
            Assert.That(scores.All(float.IsFinite), string.Join(", ", scores));

            // The Region slots are the last ones (columns keep schema order; Region comes after the numbers).
            float[][] features = scored.GetColumn<float[]>("Features").ToArray();
            int regions = featurizer.Columns.Single(c => c.Name == "Region").DistinctCount!.Value;
            Assert.That(features[0].TakeLast(regions).Count(x => x == 1f), Is.EqualTo(1), "a known region sets its one slot");
            Assert.That(features[1].TakeLast(regions), Is.All.EqualTo(0f), "an unseen region sets none");
            Assert.That(features[2].TakeLast(regions), Is.All.EqualTo(0f), "an empty region, never seen either, sets none");
        }
    }
}
