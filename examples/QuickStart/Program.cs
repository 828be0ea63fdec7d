// QuickStart: train AnoOnly (its default, the ensemble) and ML.NET's RandomizedPca on the same split of a public
// benchmark set, compare their test AUC-ROC, then save the AnoOnly model, load it back and score rows.
//
//   dotnet run --project examples/QuickStart -c Release [-- path/to/data.csv]
//
// The split follows the evaluation protocol of the AnoOnly paper: stratified 70/30 train/test, min-max
// scaling fitted on train, and only ceil(10%) of the train anomalies labeled; the rest stay unlabeled.
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;

string dataPath = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "6_cardio.csv");
var ml = new MLContext(seed: 1);

LabeledDataset data = LabeledDataset.LoadCsv(ml, dataPath);
var split = SemiSupervisedSplit.Create(data, seed: 1);
IDataView train = split.Train.ToDataView(ml, split.TrainLabels); // Label = 1 only for the few known anomalies
IDataView test = split.Test.ToDataView(ml);                       // Label = the truth, for evaluation
Console.WriteLine($"{Path.GetFileName(dataPath)}: {data.Count} rows, {data.FeatureCount} features; " +
                  $"train {split.Train.Count} rows with {split.TrainLabels.Count(l => l)} labeled anomalies, test {split.Test.Count} rows.");

// AnoOnly with no options: the default ensemble (docs/how-it-works.md), the loss on the labeled anomalies at its heart.
var anoOnly = ml.Transforms.NormalizeMinMax("Features", fixZero: false)
    .Append(ml.AnomalyDetection.Trainers.AnoOnly(labelColumnName: "Label"));
var anoOnlyModel = anoOnly.Fit(train);
var anoOnlyMetrics = ml.AnomalyDetection.Evaluate(anoOnlyModel.Transform(test));

// ML.NET's own detector, unsupervised, on the same split. Rank: half the features (ML.NET's default of 20
// would keep 20 of cardio's 21 dimensions and leave almost no reconstruction error to score by).
var pca = ml.Transforms.NormalizeMinMax("Features", fixZero: false)
    .Append(ml.AnomalyDetection.Trainers.RandomizedPca("Features", rank: Math.Max(1, data.FeatureCount / 2)));
var pcaMetrics = ml.AnomalyDetection.Evaluate(pca.Fit(train).Transform(test));

Console.WriteLine($"Test AUC-ROC  AnoOnly:        {anoOnlyMetrics.AreaUnderRocCurve:F4}");
Console.WriteLine($"Test AUC-ROC  RandomizedPca:  {pcaMetrics.AreaUnderRocCurve:F4}");

// Save, load back (as any other process would), and score a few test rows one by one.
string modelPath = Path.Combine(Path.GetTempPath(), "anoonly-quickstart.zip");
ml.Model.Save(anoOnlyModel, train.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out DataViewSchema inputSchema);
var inputDefinition = SchemaDefinition.Create(typeof(Transaction));
inputDefinition[nameof(Transaction.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.FeatureCount);
var engine = ml.Model.CreatePredictionEngine<Transaction, Prediction>(loaded, inputSchemaDefinition: inputDefinition);

Console.WriteLine($"Saved to {modelPath}; threshold {anoOnlyModel.LastTransformer.Threshold:G4}. Reloaded model on five test rows:");
foreach (int i in new[] { 0, 1, 2, 3, 4 }.Concat(Enumerable.Range(0, split.Test.Count).Where(i => split.Test.IsAnomaly[i]).Take(2)))
{
    Prediction p = engine.Predict(new Transaction { Features = split.Test.Features[i] });
    Console.WriteLine($"  row {i,4}: score {p.Score,9:F4}  predicted {(p.PredictedLabel ? "anomaly" : "normal "),-7}  truth {(split.Test.IsAnomaly[i] ? "anomaly" : "normal")}");
}

/// <summary>A row to score.</summary>
public sealed class Transaction
{
    /// <summary>The raw (unscaled) features: the loaded pipeline scales them as at training time.</summary>
    public float[] Features = Array.Empty<float>();
}

/// <summary>What the model says about a row.</summary>
public sealed class Prediction
{
    /// <summary>Higher = more anomalous.</summary>
    public float Score;

    /// <summary>Score above the model's threshold.</summary>
    public bool PredictedLabel;
}
