using System;
using Microsoft.ML.AnoOnly;

namespace Microsoft.ML
{
    /// <summary>Creates the AnoOnly hyperparameter sweep from <c>mlContext.AnomalyDetection</c>.</summary>
    public static class AnoOnlyExperimentCatalog
    {
        /// <summary>
        /// Creates an <see cref="AnoOnlyExperiment"/>: a sweep over the options of <see cref="AnoOnlyTrainer"/>,
        /// scored by stratified cross-validation on the labeled anomalies of the training data. It logs one line
        /// per trial to <c>MLContext.Log</c>.
        /// </summary>
        /// <param name="catalog">The anomaly detection catalog.</param>
        /// <param name="settings">Budget, metric, folds, tuner and seed; <see langword="null"/>: the defaults.</param>
        /// <returns>The experiment; start it with <see cref="AnoOnlyExperiment.Run"/>.</returns>
        public static AnoOnlyExperiment CreateAnoOnlyExperiment(this AnomalyDetectionCatalog catalog, AnoOnlyExperimentSettings? settings = null)
            => new(HostEnvironmentAccess.FromCatalog(catalog ?? throw new ArgumentNullException(nameof(catalog))),
                settings ?? new AnoOnlyExperimentSettings());
    }
}
