using System.Runtime.InteropServices;
using InstantlySync.Cli;

using var cancellation = new CancellationTokenSource();

// SIGINT/SIGTERM cancel the run instead of killing it: the batch in flight commits or rolls
// back, the run is recorded as cancelled and the process exits with 130.
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true;
    cancellation.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await CliApp.RunAsync(args, CliContext.FromProcess(), cancellation.Token);
