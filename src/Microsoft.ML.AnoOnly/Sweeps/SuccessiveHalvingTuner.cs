using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>
    /// Successive halving (Jamieson &amp; Talwalkar 2016) in brackets, as in Hyperband, with the share of epochs as
    /// the budget and a reduction factor of 3: a bracket tries n configurations with 1/9 of their epochs, the best
    /// n/3 with 1/3 and the best n/9 with all of them. Brackets are sized to fit the trials left. The first bracket
    /// starts from each backbone's defaults plus a Latin hypercube; later ones mix a Latin hypercube with
    /// perturbations of the best configurations trained with all their epochs (a simple local search).
    /// </summary>
    internal sealed class SuccessiveHalvingTuner : ISweepTuner
    {
        /// <summary>The reduction factor: each rung keeps a third of the configurations and triples their budget.</summary>
        public const int Eta = 3;

        /// <summary>Most configurations in one bracket's first rung.</summary>
        public const int MaxBracketSize = Eta * Eta * Eta;

        private readonly ConfigurationSampler _sampler;
        private readonly int _maxTrials;
        private readonly Queue<TrialCandidate> _pending = new();
        private readonly List<(TrialCandidate Candidate, double Metric)> _rungResults = new();
        private readonly List<(SweepConfiguration Configuration, double Metric)> _fullBudget = new();
        private int _proposed;
        private int _bracket = -1;
        private int _rung;
        private int _rungCount;
        private int[] _rungSizes = Array.Empty<int>();

        public SuccessiveHalvingTuner(ConfigurationSampler sampler, int maxTrials)
        {
            _sampler = sampler;
            _maxTrials = maxTrials;
        }

        public TrialCandidate? Propose()
        {
            if (_proposed >= _maxTrials)
                return null;
            if (_pending.Count == 0 && !PromoteNextRung())
                StartBracket(_maxTrials - _proposed);
            _proposed++;
            return _pending.Dequeue();
        }

        public void Complete(TrialCandidate candidate, double? metric)
        {
            if (metric is not double value || double.IsNaN(value))
                return;
            if (candidate.Bracket == _bracket && candidate.Rung == _rung)
                _rungResults.Add((candidate, value));
            if (candidate.Budget >= 1)
                _fullBudget.Add((candidate.Configuration, value));
        }

        /// <summary>
        /// The rung sizes of a bracket that fits in <paramref name="trialsLeft"/> trials: three rungs when at least
        /// 13 trials are left (9 + 3 + 1), two from 4 (3 + 1), else one rung with all epochs.
        /// </summary>
        public static int[] PlanBracket(int trialsLeft)
        {
            int rungs = trialsLeft >= 13 ? 3 : trialsLeft >= 4 ? 2 : 1;
            for (int first = Math.Min(trialsLeft, MaxBracketSize); first >= 1; first--)
            {
                int[] sizes = RungSizes(first, rungs);
                if (sizes.Sum() <= trialsLeft)
                    return sizes;
            }
            return new[] { 1 };
        }

        private static int[] RungSizes(int first, int rungs)
        {
            var sizes = new int[rungs];
            sizes[0] = first;
            for (int r = 1; r < rungs; r++)
                sizes[r] = (sizes[r - 1] + Eta - 1) / Eta;
            return sizes;
        }

        private static double BudgetOf(int rung, int rungCount) => Math.Pow(Eta, rung - (rungCount - 1));

        private void StartBracket(int trialsLeft)
        {
            _bracket++;
            _rung = 0;
            _rungSizes = PlanBracket(trialsLeft);
            _rungCount = _rungSizes.Length;
            _rungResults.Clear();
            int size = _rungSizes[0];

            var configurations = new List<SweepConfiguration>();
            if (_bracket == 0)
            {
                configurations.AddRange(_sampler.BackboneDefaults().Take(size));
            }
            else if (_fullBudget.Count > 0)
            {
                // Half the bracket explores around the best configurations trained with all their epochs.
                var best = _fullBudget.OrderByDescending(r => r.Metric).Take(3).Select(r => r.Configuration).ToArray();
                for (int i = 0; i < size / 2; i++)
                    configurations.Add(_sampler.Perturb(best[i % best.Length], scale: 0.15));
            }
            if (configurations.Count < size)
                configurations.AddRange(_sampler.LatinHypercube(size - configurations.Count));
            double budget = BudgetOf(0, _rungCount);
            foreach (SweepConfiguration configuration in configurations)
                _pending.Enqueue(new TrialCandidate(configuration, budget, _bracket, 0));
        }

        /// <summary>Queues the best of the finished rung for the next one; false when the bracket is over.</summary>
        private bool PromoteNextRung()
        {
            if (_bracket < 0 || _rung + 1 >= _rungCount || _rungResults.Count == 0)
                return false;
            _rung++;
            double budget = BudgetOf(_rung, _rungCount);
            // Stable order: ties keep the earlier trial first.
            var promoted = _rungResults
                .Select((r, i) => (r.Candidate, r.Metric, Order: i))
                .OrderByDescending(r => r.Metric).ThenBy(r => r.Order)
                .Take(_rungSizes[_rung])
                .ToArray();
            _rungResults.Clear();
            foreach (var result in promoted)
                _pending.Enqueue(new TrialCandidate(result.Candidate.Configuration, budget, _bracket, _rung));
            return true;
        }
    }
}
