using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>The fitted featurizer is part of the saved model: loaded elsewhere, it scores identically, from
    /// a table that has only the columns that became features.</summary>
    public sealed class FeaturizerSaveLoadTests
    {
        [Test]
        public void FeaturizerAndTrainerRoundTripThroughModelSaveAndLoad()
        {
            var ml = new MLContext(seed: 1);
            var (trainRows, _) = RawTable.Customers(600, 0.05, 10, seed: 7, blankShare: 0.1);
            IDataView train = ml.Data.LoadFromEnumerable(trainRows);
            var pipeline = ml.Transforms.PrepareAnoOnlyFeatures(train, "Features", "Label", "CustomerId")
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 5, Seed = 1 }));
            ITransformer model = pipeline.Fit(train);

            var (testRows, _) = RawTable.Customers(300, 0.05, 0, seed: 8, blankShare: 0.1);
            testRows[0].Region = "Mars";
            IDataView test = ml.Data.LoadFromEnumerable(RawTable.ForScoring(testRows));
            float[] expected = model.Transform(test).GetColumn<float>("Score").ToArray();

            string path = Path.Combine(Path.GetTempPath(), "anoonly-featurizer-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                var scoringContext = new MLContext();
                ITransformer loaded = scoringContext.Model.Load(path, out DataViewSchema inputSchema);
                float[] actual = loaded.Transform(scoringContext.Data.LoadFromEnumerable(RawTable.ForScoring(testRows)))
                    .GetColumn<float>("Score").ToArray();
                Assert.That(actual, Is.EqualTo(expected), "the loaded pipeline scores exactly as the trained one");
                Assert.That(inputSchema.GetColumnOrNull("Region"), Is.Not.Null);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void TheFittedPipelineIsMadeOfMLNetTransformsOnly()
        {
            var ml = new MLContext(seed: 1);
            var (rows, _) = RawTable.Customers(300, 0.05, 10, seed: 9, blankShare: 0.1);
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            TransformerChain<ITransformer> fitted = ml.Transforms.PrepareAnoOnlyFeatures(data, "Features", "Label", "CustomerId").Fit(data);
            Assert.That(fitted.Select(t => t.GetType().Assembly.GetName().Name), Is.All.StartsWith("Microsoft.ML.").And.Not.EqualTo("Microsoft.ML.AnoOnly"));

            DataViewSchema output = fitted.GetOutputSchema(data.Schema);
            Assert.That(output.Where(c => !c.IsHidden).Select(c => c.Name), Is.EquivalentTo(data.Schema.Select(c => c.Name).Append("Features")),
                "the output is the input plus Features: no intermediate column is left");
            var features = (VectorDataViewType)output["Features"].Type;
            Assert.That(features.ItemType, Is.EqualTo(NumberDataViewType.Single));
            Assert.That(features.IsKnownSize);
        }
    }
}
