// Where do the test scores of normal rows and of anomalies fall, with the Full loss and with the AnoOnly
// loss? Trains DevNet both ways on the bundled cardio set (the benchmark protocol's split, seed 1) and draws
// one histogram per loss: score_distribution_full.png and score_distribution_anoonly.png.
//
//   dotnet run -c Release --project examples/ScoreDistributions -- [output folder, default: current folder]
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using ScottPlot;

string outDir = args.Length > 0 ? args[0] : ".";
Directory.CreateDirectory(outDir);
var ml = new MLContext(seed: 1);
var split = SemiSupervisedSplit.Create(LabeledDataset.LoadCsv(ml, Path.Combine(AppContext.BaseDirectory, "data", "6_cardio.csv")), seed: 1);
IDataView train = split.Train.ToDataView(ml, split.TrainLabels), test = split.Test.ToDataView(ml);

foreach (AnoOnlyLoss loss in new[] { AnoOnlyLoss.Full, AnoOnlyLoss.AnomalyOnly })
{
    var model = ml.Transforms.NormalizeMinMax("Features", fixZero: false)
        .Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Backbone = AnoOnlyBackbone.DevNet, Loss = loss, Seed = 1 }))
        .Fit(train);
    float[] scores = model.Transform(test).GetColumn<float>("Score").ToArray();
    double auc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
    float[] normal = scores.Where((_, i) => !split.Test.IsAnomaly[i]).ToArray();
    float[] anomalies = scores.Where((_, i) => split.Test.IsAnomaly[i]).ToArray();

    var plot = new Plot();
    double min = scores.Min(), max = scores.Max(), width = (max - min) / 40;
    AddHistogram(plot, normal, min, width, Colors.SteelBlue, "normal rows");
    AddHistogram(plot, anomalies, min, width, Colors.OrangeRed, "anomalies");
    plot.Axes.Left.Label.Text = "share of the class's test rows";
    plot.Axes.Bottom.Label.Text = "score";
    plot.Title($"DevNet, {(loss == AnoOnlyLoss.Full ? "Full" : "AnoOnly")} loss, cardio test rows (AUC-ROC {auc:F3})");
    plot.ShowLegend(Alignment.UpperRight);
    string file = Path.Combine(outDir, $"score_distribution_{(loss == AnoOnlyLoss.Full ? "full" : "anoonly")}.png");
    plot.SavePng(file, 800, 400);
    Console.WriteLine($"{loss,-11} AUC-ROC {auc:F4}  normal median {Median(normal):F2}  anomaly median {Median(anomalies):F2}  -> {file}");
}

static void AddHistogram(Plot plot, float[] values, double min, double width, Color color, string label)
{
    var counts = new double[40];
    foreach (float v in values)
        counts[Math.Clamp((int)((v - min) / width), 0, 39)] += 1.0 / values.Length;
    var bars = counts.Select((c, i) => new Bar { Position = min + (i + 0.5) * width, Value = c, Size = width, FillColor = color.WithAlpha(0.6) }).ToList();
    plot.Add.Bars(bars);
    plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
}

static double Median(float[] values)
{
    float[] sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}
