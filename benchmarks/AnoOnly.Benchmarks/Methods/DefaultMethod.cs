using Microsoft.ML;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// What a user gets from the one-liner: <c>mlContext.AnomalyDetection.Trainers.AnoOnly()</c> with no options at all
    /// (the seed comes from the fit's <see cref="MLContext"/>). A quick (smoke) run shortens its training, and says so.
    /// </summary>
    internal sealed class DefaultMethod : IBenchmarkMethod
    {
        private const int QuickEpochs = 5, QuickBatches = 5;

        public string Name => "Default";

        public BackboneVariant? Variant => null;

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
        {
            if (!context.Quick && context.MaxUnlabeledRows is null)
                return mlContext.AnomalyDetection.Trainers.AnoOnly().Fit(train);
            var options = new AnoOnlyTrainer.Options();
            if (context.Quick)
                (options.NumberOfEpochs, options.BatchesPerEpoch) = (QuickEpochs, QuickBatches);
            if (context.MaxUnlabeledRows is int max)
                options.MaxUnlabeledRows = max;
            return mlContext.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);
        }
    }
}
