using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Deployment;

/// <summary>One row to score: the raw feature values, in the order the model was trained on.</summary>
public sealed class FeatureRow
{
    public float[] Features { get; set; } = Array.Empty<float>();
}

/// <summary>What the model adds to a row.</summary>
public sealed class AnomalyPrediction
{
    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}

// <scorer-pool>
/// <summary>
/// Thread-safe scoring with a model loaded from a zip, in the manner of PredictionEnginePool: ML.NET's
/// PredictionEngine is fast but not thread-safe, so each request rents one from a pool and returns it.
/// The loaded model itself (an ITransformer) is shared by all engines.
/// </summary>
public sealed class AnomalyScorerPool
{
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, AnomalyPrediction>> _engines = new();
    private readonly Func<PredictionEngine<FeatureRow, AnomalyPrediction>> _createEngine;

    public AnomalyScorerPool(string modelPath)
    {
        var mlContext = new MLContext();
        ITransformer model = mlContext.Model.Load(modelPath, out DataViewSchema inputSchema);
        // The feature count is the model's, read from the saved input schema rather than fixed in code.
        FeatureCount = inputSchema["Features"].Type is VectorDataViewType { Size: > 0 } vector
            ? vector.Size
            : throw new InvalidDataException($"'{modelPath}' does not read a known-size Features vector.");
        SchemaDefinition rowSchema = SchemaDefinition.Create(typeof(FeatureRow));
        rowSchema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        _createEngine = () => mlContext.Model.CreatePredictionEngine<FeatureRow, AnomalyPrediction>(model, inputSchemaDefinition: rowSchema);
    }

    /// <summary>The number of feature values a request must carry.</summary>
    public int FeatureCount { get; }

    public AnomalyPrediction Score(float[] features)
    {
        if (!_engines.TryTake(out PredictionEngine<FeatureRow, AnomalyPrediction>? engine))
            engine = _createEngine();
        try
        {
            return engine.Predict(new FeatureRow { Features = features });
        }
        finally
        {
            _engines.Add(engine);
        }
    }
}
// </scorer-pool>
