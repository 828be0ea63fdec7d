using Microsoft.ML;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// AnoOnly with options chosen by <see cref="AnoOnlyExperiment"/> (successive halving over every backbone and
    /// loss, 3-fold AUC-ROC on the train labels), refit on all of train. Sets with fewer than 2 labeled anomalies
    /// cannot be cross-validated and train with the defaults. Runs only when named (<c>--methods Sweep</c>): one
    /// sweep costs about ten full fits per fold. Like <see cref="DefaultMethod"/>, it takes its seed from the fit's fresh
    /// <see cref="MLContext"/>, so a sweep that keeps the default returns the very model <c>Default</c> trains; what it chose
    /// goes into the run's notes.
    /// </summary>
    internal sealed class SweepMethod : IBenchmarkMethod
    {
        private const int Trials = 40, QuickTrials = 4, QuickBatches = 5;

        public string Name => "Sweep";
        public BackboneVariant? Variant => null;

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
        {
            var trainer = new AnoOnlyTrainer.Options();
            if (context.Quick)
                trainer.BatchesPerEpoch = QuickBatches;
            if (context.MaxUnlabeledRows is int max)
                trainer.MaxUnlabeledRows = max;
            try
            {
                AnoOnlyExperimentResult result = mlContext.AnomalyDetection.CreateAnoOnlyExperiment(new AnoOnlyExperimentSettings
                {
                    MaxTrials = context.Quick ? QuickTrials : Trials,
                    NumberOfFolds = 3,
                    Metric = AnoOnlyMetric.AreaUnderRocCurve,
                    TrainerOptions = trainer,
                }).Run(train);
                context.Note?.Invoke(Choice(result));
                return result.BestModel;
            }
            catch (AnoOnlyInputException)
            {
                // Fewer than 2 labeled anomalies (42_WBC under the protocol): nothing to cross-validate.
                // Creating the experiment drew from this context's random source; a fresh context with the same seed
                // trains exactly what Default trains.
                context.Note?.Invoke("fewer than 2 labeled anomalies, trained the default");
                return new MLContext(seed: context.Seed).AnomalyDetection.Trainers.AnoOnly(trainer).Fit(train);
            }
        }

        private static string Choice(AnoOnlyExperimentResult result)
        {
            string Mean(AnoOnlyTrialResult trial) => trial.MetricMean.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
            string confirmation = result.ConfirmationTrials.Count == 2
                ? $"; on fresh folds default {Mean(result.ConfirmationTrials[0])}, challenger {Mean(result.ConfirmationTrials[1])}"
                : "";
            return result.KeptDefault
                ? $"kept the default ({Mean(result.BestTrial)}){confirmation}"
                : $"chose {result.BestOptions.Backbone}-{result.BestOptions.Loss} ({Mean(result.BestTrial)}, default {Mean(result.DefaultTrial!)}){confirmation}";
        }
    }
}
