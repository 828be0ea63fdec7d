// Active learning with an analyst in the loop: each round the model ranks the rows nobody has reviewed,
// an analyst (here an oracle that knows the true labels) reviews the top-ranked ones, the anomalies found
// become labeled anomalies, and the model is refitted. The detection rate (the share of all anomalies the
// analyst has found) climbs far faster than reviewing rows at random would.
// Run: dotnet run --project examples/ActiveLearning
// Compare: dotnet run --project examples/ActiveLearning -- --random  (the analyst reviews random rows instead)
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;

const int Rounds = 8;
const int ReviewsPerRound = 20;
bool reviewAtRandom = args.Contains("--random");

var mlContext = new MLContext(seed: 1);
LabeledDataset cardio = LabeledDataset.LoadCsv(mlContext, Path.Combine(AppContext.BaseDirectory, "data", "6_cardio.csv"));
// 70% of the rows form the pool the analyst works on; 30% are held out to measure the model. At the
// start only 5% of the pool's anomalies are known.
var split = SemiSupervisedSplit.Create(cardio, seed: 1, testFraction: 0.3, labeledFraction: 0.05);
LabeledDataset poolRows = split.Train;
bool[] labels = (bool[])split.TrainLabels.Clone();
bool[] reviewed = (bool[])labels.Clone();
int anomalies = poolRows.IsAnomaly.Count(a => a);
double labeledAtRandom = labels.Count(l => l);

Console.WriteLine($"Pool: {poolRows.Count} rows holding {anomalies} anomalies, {labels.Count(l => l)} labeled at the start; " +
                  $"{split.Test.Count} rows held out. {ReviewsPerRound} reviews per round" +
                  (reviewAtRandom ? ", of random rows (--random)." : ", of the top-scored rows."));
Console.WriteLine();
Console.WriteLine("round  found  (at random)  labeled  detection rate  (at random)  held-out AUC-ROC");

var reviews = new List<double> { 0 };
var detection = new List<double> { 100.0 * labels.Count(l => l) / anomalies };
var detectionAtRandom = new List<double> { detection[0] };
for (int round = 1; round <= Rounds; round++)
{
    // <refit>
    // Refit on the pool with the labels known so far: NormalizeMinMax + AnoOnly, the same seed every round.
    IDataView pool = poolRows.ToDataView(mlContext, labels);
    var pipeline = mlContext.Transforms.NormalizeMinMax("Features")
        .Append(mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 20, Seed = 1 }));
    ITransformer model = pipeline.Fit(pool);
    // </refit>
    float[] heldOut = model.Transform(split.Test.ToDataView(mlContext)).GetColumn<float>("Score").ToArray();
    double heldOutAuc = AnomalyMetrics.AreaUnderRocCurve(heldOut, split.Test.IsAnomaly);

    // <review>
    // The analyst reviews the top-scored rows nobody has reviewed yet; confirmed anomalies become labels.
    // Rows found normal stay unlabeled: AnoOnly learns from labeled anomalies only.
    float[] scores = model.Transform(pool).GetColumn<float>("Score").ToArray();
    int unreviewed = reviewed.Count(r => !r);
    var shuffle = new Random(round);
    int[] toReview = Enumerable.Range(0, scores.Length).Where(i => !reviewed[i])
        .OrderByDescending(i => reviewAtRandom ? shuffle.NextDouble() : scores[i]).Take(ReviewsPerRound).ToArray();
    int found = 0;
    foreach (int i in toReview)
    {
        reviewed[i] = true;
        if (poolRows.IsAnomaly[i]) // the oracle: the analyst's verdict
        {
            labels[i] = true;
            found++;
        }
    }
    // </review>

    // Reviewing rows at random finds anomalies in proportion to those still unfound among unreviewed rows.
    double foundAtRandom = ReviewsPerRound * (anomalies - labeledAtRandom) / unreviewed;
    labeledAtRandom += foundAtRandom;
    int labeled = labels.Count(l => l);
    reviews.Add(round * ReviewsPerRound);
    detection.Add(100.0 * labeled / anomalies);
    detectionAtRandom.Add(100.0 * labeledAtRandom / anomalies);
    Console.WriteLine($"{round,5}  {found,5}  {foundAtRandom,11:F1}  {labeled,7}  {detection[^1],13:F1}%  {detectionAtRandom[^1],10:F1}%  {heldOutAuc,16:F4}");
}

string chart = Path.Combine(AppContext.BaseDirectory, "active-learning.png");
var plot = new ScottPlot.Plot();
var guided = plot.Add.Scatter(reviews.ToArray(), detection.ToArray());
guided.LegendText = reviewAtRandom ? "analyst reviews random rows (--random)" : "analyst reviews AnoOnly's top-scored rows";
var random = plot.Add.Scatter(reviews.ToArray(), detectionAtRandom.ToArray());
random.LegendText = "analyst reviews random rows (expected)";
random.LinePattern = ScottPlot.LinePattern.Dashed;
plot.Axes.SetLimitsY(0, 100);
plot.XLabel("Rows reviewed by the analyst");
plot.YLabel("Anomalies found (% of all in the pool)");
plot.Title("Active learning on 6_cardio: detection rate per review round");
plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
plot.SavePng(chart, 720, 440);
Console.WriteLine();
Console.WriteLine($"Chart: {chart}");
