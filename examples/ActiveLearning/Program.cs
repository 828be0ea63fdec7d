// Active learning with an analyst in the loop: each round the model chooses rows nobody has reviewed, an analyst (here
// an oracle that knows the true labels) reviews them, the anomalies found become labeled anomalies, the rows found
// normal become confirmed normals, and the model is refitted. Three ways of choosing the rows run side by side: the
// top-scored rows, the library's recommended strategy (half top-scored rows, half rows spread in feature space over
// the top of the ranking), and random rows as the baseline. The trainer keeps its defaults (the seed aside): this is
// what a user of AnoOnly() gets.
// Run: dotnet run --project examples/ActiveLearning
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using ScottPlot;

const int Rounds = 8;
const int ReviewsPerRound = 20;
AnoOnlyReviewStrategy[] strategies = { AnoOnlyReviewStrategy.TopScored, AnoOnlyReviewOptions.RecommendedStrategy, AnoOnlyReviewStrategy.Random };

var mlContext = new MLContext(seed: 1);
LabeledDataset cardio = LabeledDataset.LoadCsv(mlContext, Path.Combine(AppContext.BaseDirectory, "data", "6_cardio.csv"));
// 70% of the rows form the pool the analyst works on; 30% are held out to measure the model. At the
// start only 5% of the pool's anomalies are known.
var split = SemiSupervisedSplit.Create(cardio, seed: 1, testFraction: 0.3, labeledFraction: 0.05);
LabeledDataset poolRows = split.Train;
int anomalies = poolRows.IsAnomaly.Count(a => a);
IDataView heldOut = split.Test.ToDataView(mlContext);

Console.WriteLine($"Pool: {poolRows.Count} rows holding {anomalies} anomalies, {split.TrainLabels.Count(l => l)} labeled at the start; " +
                  $"{split.Test.Count} rows held out. {ReviewsPerRound} reviews per round; rows found normal become confirmed normals.");
Console.WriteLine("Per strategy: anomalies found by the analyst so far, and the held-out AUC-ROC of the model refitted after the round.");
Console.WriteLine();

var found = strategies.ToDictionary(s => s, _ => new List<double>());
var heldOutAuc = strategies.ToDictionary(s => s, _ => new List<double>());
foreach (AnoOnlyReviewStrategy strategy in strategies)
{
    bool[] labels = (bool[])split.TrainLabels.Clone();
    bool[] reviewed = (bool[])labels.Clone();
    var confirmedNormal = new bool[poolRows.Count];
    int foundSoFar = 0;
    ITransformer model = null!;
    for (int round = 0; round <= Rounds; round++)
    {
        if (round > 0)
        {
            // <review>
            // The strategy chooses among the rows nobody has reviewed yet; the analyst's verdict on each becomes a label:
            // a labeled anomaly, or a confirmed normal (AnoOnly learns from both; unreviewed rows stay unlabeled).
            int[] unreviewed = Enumerable.Range(0, poolRows.Count).Where(i => !reviewed[i]).ToArray();
            IDataView candidates = Pool(mlContext, poolRows, unreviewed, labels, confirmedNormal);
            int[] picks = mlContext.AnomalyDetection.SelectRowsToReview(model, candidates, ReviewsPerRound, strategy, seed: round);
            foreach (int row in picks.Select(p => unreviewed[p]))
            {
                reviewed[row] = true;
                if (poolRows.IsAnomaly[row]) // the oracle: the analyst's verdict
                {
                    labels[row] = true;
                    foundSoFar++;
                }
                else
                {
                    confirmedNormal[row] = true;
                }
            }
            // </review>
        }
        // <refit>
        // Refit on the pool with what the analyst knows so far: NormalizeMinMax + AnoOnly with its defaults (seed aside),
        // told which column marks the confirmed normals.
        var pipeline = mlContext.Transforms.NormalizeMinMax("Features")
            .Append(mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Seed = 1, ConfirmedNormalColumnName = "ConfirmedNormal" }));
        model = pipeline.Fit(Pool(mlContext, poolRows, Enumerable.Range(0, poolRows.Count).ToArray(), labels, confirmedNormal));
        // </refit>
        found[strategy].Add(foundSoFar);
        heldOutAuc[strategy].Add(AnomalyMetrics.AreaUnderRocCurve(model.Transform(heldOut).GetColumn<float>("Score").ToArray(), split.Test.IsAnomaly));
    }
}
// One row per round: per strategy the anomalies found so far and the held-out AUC-ROC, side by side.
Console.WriteLine(("round  reviewed" + string.Concat(strategies.Select(s => "  " + Name(s).PadRight(24)))).TrimEnd());
Console.WriteLine(("               " + string.Concat(strategies.Select(_ => "  " + "found  AUC-ROC".PadRight(24)))).TrimEnd());
for (int round = 0; round <= Rounds; round++)
    Console.WriteLine(($"{round,5}  {round * ReviewsPerRound,8}" +
                       string.Concat(strategies.Select(s => "  " + $"{found[s][round],5}  {heldOutAuc[s][round],7:F4}".PadRight(24)))).TrimEnd());

string chart = Path.Combine(AppContext.BaseDirectory, "active-learning.png");
var plot = new ScottPlot.Multiplot();
plot.AddPlots(2);
double[] reviews = Enumerable.Range(0, Rounds + 1).Select(r => (double)r * ReviewsPerRound).ToArray();
foreach (AnoOnlyReviewStrategy strategy in strategies)
{
    var detection = plot.GetPlot(0).Add.Scatter(reviews, found[strategy].Select(f => 100.0 * (f + split.TrainLabels.Count(l => l)) / anomalies).ToArray());
    detection.LegendText = Name(strategy);
    var auc = plot.GetPlot(1).Add.Scatter(reviews, heldOutAuc[strategy].ToArray());
    auc.LegendText = Name(strategy);
}
plot.GetPlot(0).Axes.SetLimitsY(0, 100);
plot.GetPlot(0).YLabel("Anomalies labeled (% of all in the pool)");
plot.GetPlot(0).Title("Analyst loop on 6_cardio: detection rate");
plot.GetPlot(0).ShowLegend(ScottPlot.Alignment.UpperLeft);
plot.GetPlot(1).YLabel("Held-out AUC-ROC");
plot.GetPlot(1).Title("Held-out AUC-ROC of the refitted model");
plot.GetPlot(1).ShowLegend(ScottPlot.Alignment.LowerLeft);
foreach (int i in new[] { 0, 1 })
    plot.GetPlot(i).XLabel("Rows reviewed by the analyst");
plot.SavePng(chart, 720, 820);
Console.WriteLine();
Console.WriteLine($"Chart: {chart}");

static string Name(AnoOnlyReviewStrategy strategy)
    => strategy == AnoOnlyReviewOptions.RecommendedStrategy ? $"{strategy} (recommended)" : strategy.ToString();

// The pool rows at `rows`: features, the anomaly labels and the confirmed normals known so far.
static IDataView Pool(MLContext mlContext, LabeledDataset pool, int[] rows, bool[] labels, bool[] confirmedNormal)
{
    var schema = SchemaDefinition.Create(typeof(PoolRow));
    schema[nameof(PoolRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, pool.FeatureCount);
    return mlContext.Data.LoadFromEnumerable(rows.Select(i => new PoolRow
    {
        Features = pool.Features[i],
        Label = labels[i] ? 1f : 0f,
        ConfirmedNormal = confirmedNormal[i],
    }), schema);
}

/// <summary>A pool row as the trainer reads it.</summary>
internal sealed class PoolRow
{
    public float[] Features = Array.Empty<float>();
    public float Label;
    public bool ConfirmedNormal;
}
