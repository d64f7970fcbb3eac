import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** The region's name, shown in the message ("the canvas", "the inspector"). */
  region: string;
  /** The grid area of the app's layout the region fills, so the message takes its place. */
  area: string;
  children: ReactNode;
}

/**
 * Keeps a render error in one region of the app from unmounting the whole app (React's default):
 * the lab lives in the store and is autosaved, so the rest of the app, and the lab, stay usable
 * while the region says what failed and can be tried again.
 */
export class ErrorBoundary extends Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`routelab: ${this.props.region} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div
        className="region-error"
        role="alert"
        data-testid="region-error"
        style={{ gridArea: this.props.area }}
      >
        <strong>{this.props.region} failed to render.</strong> Your lab is unchanged.
        <pre>{error.message}</pre>
        <button onClick={() => this.setState({ error: undefined })}>Try again</button>
      </div>
    );
  }
}
