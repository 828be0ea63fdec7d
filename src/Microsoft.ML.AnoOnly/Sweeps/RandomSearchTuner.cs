using System.Collections.Generic;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>Random search: each backbone's defaults first, then uniform draws, always with all epochs.</summary>
    internal sealed class RandomSearchTuner : ISweepTuner
    {
        private readonly ConfigurationSampler _sampler;
        private readonly Queue<SweepConfiguration> _defaults;

        public RandomSearchTuner(ConfigurationSampler sampler)
        {
            _sampler = sampler;
            _defaults = new Queue<SweepConfiguration>(sampler.BackboneDefaults());
        }

        public TrialCandidate? Propose()
            => new(_defaults.Count > 0 ? _defaults.Dequeue() : _sampler.Uniform(), Budget: 1, Bracket: 0, Rung: 0);

        public void Complete(TrialCandidate candidate, double? metric)
        {
        }
    }
}
