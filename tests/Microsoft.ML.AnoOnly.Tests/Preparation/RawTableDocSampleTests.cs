using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Preparation
{
    /// <summary>
    /// The sample of docs/raw-tables.md, run on a CSV file with blank numbers, a text category and an id column:
    /// a blank field of a Single column loads as NaN and is imputed; the featurizer is saved with the model.
    /// </summary>
    public sealed class RawTableDocSampleTests
    {
        [Test]
        public void CsvToModelSample()
        {
            string folder = Path.Combine(Path.GetTempPath(), "anoonly-raw-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            string csvPath = Path.Combine(folder, "customers.csv");
            string modelPath = Path.Combine(folder, "model.zip");
            var (rows, _) = RawTable.Customers(2000, 0.05, 20, seed: 15, blankShare: 0.05);
            File.WriteAllLines(csvPath, rows.Select(r => string.Join(",", r.CustomerId,
                    float.IsNaN(r.Amount) ? "" : r.Amount.ToString(CultureInfo.InvariantCulture),
                    r.Balance.ToString(CultureInfo.InvariantCulture), r.Visits, r.Region, r.Label ? "1" : "0"))
                .Prepend("CustomerId,Amount,Balance,Visits,Region,Label"));
            var mlContext = new MLContext(seed: 1);
            try
            {
                // <raw-table>
                // customers.csv: CustomerId,Amount,Balance,Visits,Region,Label; blank fields in the number columns are fine.
                IDataView data = mlContext.Data.LoadFromTextFile(csvPath, new TextLoader.Options
                {
                    Columns = new[]
                    {
                        new TextLoader.Column("CustomerId", DataKind.String, 0),
                        new TextLoader.Column("Amount", DataKind.Single, 1),
                        new TextLoader.Column("Balance", DataKind.Single, 2),
                        new TextLoader.Column("Visits", DataKind.Single, 3),
                        new TextLoader.Column("Region", DataKind.String, 4),
                        new TextLoader.Column("Label", DataKind.Boolean, 5),
                    },
                    Separators = new[] { ',' },
                    HasHeader = true,
                    MissingRealsAsNaNs = true,   // a blank number is missing (NaN); ML.NET's default reads it as 0
                });

                AnoOnlyFeaturizer featurizer = mlContext.Transforms.PrepareAnoOnlyFeatures(data, new AnoOnlyFeaturizerOptions
                {
                    ExcludedColumnNames = { "CustomerId" },   // never a feature (an id-like text column is left out anyway)
                });
                foreach (AnoOnlyFeatureColumn column in featurizer.Columns)
                    Console.WriteLine(column);

                var pipeline = featurizer.Append(mlContext.AnomalyDetection.Trainers.AnoOnly());
                ITransformer model = pipeline.Fit(data);
                mlContext.Model.Save(model, data.Schema, modelPath);   // the featurizer is saved inside the model
                // </raw-table>

                Assert.That(featurizer.Columns.Single(c => c.Name == "Amount").MissingCount, Is.EqualTo(rows.Count(r => float.IsNaN(r.Amount))),
                    "blank CSV fields load as NaN");
                Assert.That(featurizer.Columns.Single(c => c.Name == "Region").Role, Is.EqualTo(AnoOnlyColumnRole.Categorical));
                Assert.That(featurizer.Columns.Single(c => c.Name == "Label").Role, Is.EqualTo(AnoOnlyColumnRole.LeftOut));
                ITransformer loaded = new MLContext().Model.Load(modelPath, out _);
                float[] scores = loaded.Transform(data).GetColumn<float>("Score").ToArray();
                Assert.That(scores.All(float.IsFinite));
                bool[] labels = data.GetColumn<bool>("Label").ToArray();
                Assert.That(AnomalyMetrics.AreaUnderRocCurve(scores, rows.Select(r => r.Region == RawTable.RareRegion).ToArray()), Is.GreaterThan(0.9));
                Assert.That(labels.Count(l => l), Is.EqualTo(20));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
