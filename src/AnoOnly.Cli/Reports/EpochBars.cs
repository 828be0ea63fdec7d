using System;
using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Cli.Reports
{
    /// <summary>
    /// One progress bar per training stage, moved by the trainer's typed progress reports (they arrive on the
    /// training thread, in order, so the bars are updated directly rather than through a synchronisation context).
    /// </summary>
    internal sealed class EpochBars : IProgress<AnoOnlyTrainingProgress>
    {
        private ProgressContext? _context;
        private ProgressTask? _current;
        private int _currentStage;

        /// <summary>The Spectre.Console progress display the bars are drawn in.</summary>
        public void Attach(ProgressContext context) => _context = context;

        public void Report(AnoOnlyTrainingProgress value)
        {
            if (_context is null)
                return;
            if (_current is null || _currentStage != value.StageNumber)
            {
                if (_current != null)
                    _current.Value = _current.MaxValue;
                string name = value.StageCount > 1 ? $"{value.Stage} ({value.StageNumber}/{value.StageCount})" : value.Stage;
                _current = _context.AddTask(Markup.Escape(name), maxValue: value.EpochCount);
                _currentStage = value.StageNumber;
            }
            _current.Value = value.Epoch;
        }

        /// <summary>Fills the last bar (a stage that kept its best epoch ends at the last one all the same).</summary>
        public void Complete()
        {
            if (_current != null)
                _current.Value = _current.MaxValue;
        }
    }
}
