using Microsoft.ML;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// One detector compared by the benchmark. Every method is fitted on the same prepared split and must
    /// return a model whose output has a <see cref="float"/> <c>Score</c> column, higher = more anomalous.
    /// A new method (for example a hyperparameter sweep) is one new class implementing this, listed in
    /// <see cref="MethodCatalog"/>.
    /// </summary>
    internal interface IBenchmarkMethod
    {
        /// <summary>The name in tables and plots, for example <c>DevNet-AnoOnly</c>.</summary>
        string Name { get; }

        /// <summary>The AnoOnly backbone and loss this method trains, or <see langword="null"/> for a baseline.</summary>
        BackboneVariant? Variant { get; }

        /// <summary>Fits the method on the train view of <see cref="Microsoft.ML.AnoOnly.Evaluation.ProtocolSplit.Train"/>:
        /// a <c>Features</c> vector column (min-max scaled), a <see cref="float"/> <c>Label</c> (1 = labeled anomaly,
        /// 0 = unlabeled) and the same label as a <see cref="bool"/> <c>IsLabeledAnomaly</c>.</summary>
        ITransformer Fit(MLContext mlContext, IDataView train, FitContext context);
    }

    /// <summary>What a fit may depend on besides the data.</summary>
    /// <param name="Seed">Seed of the method's own randomness (the split has its own, equal, seed).</param>
    /// <param name="Quick">Reduced training budget for smoke runs.</param>
    /// <param name="FeatureCount">Width of the feature vector.</param>
    /// <param name="MaxUnlabeledRows">Reservoir size for AnoOnly (<see langword="null"/>: the library default).</param>
    /// <param name="Note">Records a fact about this fit in the run's notes (for example what a sweep chose).</param>
    internal sealed record FitContext(int Seed, bool Quick, int FeatureCount, int? MaxUnlabeledRows = null, System.Action<string>? Note = null);
}
