using Microsoft.ML;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// AnoOnly with options chosen by <see cref="AnoOnlyExperiment"/> (successive halving over every backbone and
    /// loss, 3-fold AUC-ROC on the train labels), refit on all of train. Sets with fewer than 2 labeled anomalies
    /// cannot be cross-validated and train with the defaults. Runs only when named (<c>--methods Sweep</c>): one
    /// sweep costs about ten full fits per fold.
    /// </summary>
    internal sealed class SweepMethod : IBenchmarkMethod
    {
        private const int Trials = 40, QuickTrials = 4, QuickBatches = 5;

        public string Name => "Sweep";
        public BackboneVariant? Variant => null;

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
        {
            var trainer = new AnoOnlyTrainer.Options { Seed = context.Seed };
            if (context.Quick)
                trainer.BatchesPerEpoch = QuickBatches;
            if (context.MaxUnlabeledRows is int max)
                trainer.MaxUnlabeledRows = max;
            try
            {
                return mlContext.AnomalyDetection.CreateAnoOnlyExperiment(new AnoOnlyExperimentSettings
                {
                    MaxTrials = context.Quick ? QuickTrials : Trials,
                    NumberOfFolds = 3,
                    Metric = AnoOnlyMetric.AreaUnderRocCurve,
                    Seed = context.Seed,
                    TrainerOptions = trainer,
                }).Run(train).BestModel;
            }
            catch (AnoOnlyInputException)
            {
                // Fewer than 2 labeled anomalies (42_WBC under the protocol): nothing to cross-validate.
                return mlContext.AnomalyDetection.Trainers.AnoOnly(trainer).Fit(train);
            }
        }
    }
}
