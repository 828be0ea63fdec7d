using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.Data;

namespace Deployment;

/// <summary>One row to score: the raw feature values, in the order the model was trained on.</summary>
public sealed class FeatureRow
{
    public float[] Features { get; set; } = Array.Empty<float>();
}

/// <summary>What the model adds to a row, and the explanation adds: how much each feature moved the score.</summary>
public sealed class AnomalyPrediction
{
    public float Score { get; set; }

    public bool PredictedLabel { get; set; }

    public float[] FeatureContributions { get; set; } = Array.Empty<float>();
}

// <scorer-pool>
/// <summary>
/// Thread-safe scoring with a model loaded from a zip, in the manner of PredictionEnginePool: ML.NET's
/// PredictionEngine is fast but not thread-safe, so each request rents one from a pool and returns it.
/// The loaded model itself is shared by all engines. A second pool explains: it adds FeatureContributions.
/// </summary>
public sealed class AnomalyScorerPool
{
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, AnomalyPrediction>> _scorers = new();
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, AnomalyPrediction>> _explainers = new();
    private readonly Func<PredictionEngine<FeatureRow, AnomalyPrediction>> _createScorer;
    private readonly Func<PredictionEngine<FeatureRow, AnomalyPrediction>> _createExplainer;

    public AnomalyScorerPool(string modelPath)
    {
        var mlContext = new MLContext();
        // The pipeline as training returned it: the normalizer, then the AnoOnly model with its threshold.
        TransformerChain<AnoOnlyTransformer> model = mlContext.Model.LoadAnoOnly(modelPath, out DataViewSchema inputSchema);
        FeatureCount = model.LastTransformer.FeatureCount;
        SchemaDefinition rowSchema = SchemaDefinition.Create(typeof(FeatureRow));
        rowSchema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);

        // Contributions are measured from the mean of the normal training rows, which the model stores.
        IDataView noRows = model.Transform(mlContext.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), rowSchema));
        var explained = new TransformerChain<ITransformer>(model,
            mlContext.Transforms.CalculateAnoOnlyFeatureContribution(model.LastTransformer).Fit(noRows));

        _createScorer = () => mlContext.Model.CreatePredictionEngine<FeatureRow, AnomalyPrediction>(model, ignoreMissingColumns: true,
            inputSchemaDefinition: rowSchema);
        _createExplainer = () => mlContext.Model.CreatePredictionEngine<FeatureRow, AnomalyPrediction>(explained, inputSchemaDefinition: rowSchema);
    }

    /// <summary>The number of feature values a request must carry.</summary>
    public int FeatureCount { get; }

    public AnomalyPrediction Score(float[] features) => Predict(features, _scorers, _createScorer);

    /// <summary>The score and each feature's contribution to its distance from a normal row's score.</summary>
    public AnomalyPrediction Explain(float[] features) => Predict(features, _explainers, _createExplainer);

    private static AnomalyPrediction Predict(float[] features, ConcurrentBag<PredictionEngine<FeatureRow, AnomalyPrediction>> pool,
        Func<PredictionEngine<FeatureRow, AnomalyPrediction>> create)
    {
        if (!pool.TryTake(out PredictionEngine<FeatureRow, AnomalyPrediction>? engine))
            engine = create();
        try
        {
            return engine.Predict(new FeatureRow { Features = features });
        }
        finally
        {
            pool.Add(engine);
        }
    }
}
// </scorer-pool>
