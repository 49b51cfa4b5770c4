// JSX typings for the webview-ui-toolkit custom elements the dashboard uses.
import 'preact';

type ToolkitProps = preact.JSX.HTMLAttributes<HTMLElement> & { appearance?: string; value?: string; selected?: boolean };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': ToolkitProps;
      'vscode-dropdown': ToolkitProps;
      'vscode-option': ToolkitProps;
    }
  }
}
