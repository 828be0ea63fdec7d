namespace Microsoft.ML.AnoOnly
{
    /// <summary>How an <see cref="AnoOnlyExperiment"/> chooses the options it tries.</summary>
    public enum AnoOnlyTuner
    {
        /// <summary>
        /// Successive halving on the number of epochs (default): many configurations are tried with a ninth of
        /// their epochs, the best third is tried again with a third, and the best third of those with all of
        /// them. Once a bracket is done the next one mixes fresh configurations with perturbations of the best
        /// ones found. Each backbone's default configuration is among the first tried.
        /// </summary>
        SuccessiveHalving = 0,

        /// <summary>Random search: every trial is a uniformly drawn configuration trained with all its epochs
        /// (after each backbone's default configuration). The baseline to compare the default tuner with.</summary>
        RandomSearch = 1,
    }
}
