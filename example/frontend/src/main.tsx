import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import "./style.css";

// The post's id is the page's: Django serves this app at /blog-react/<id>/.
const match = /\/blog-react\/(\d+)\//.exec(window.location.pathname);

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App postId={match ? Number(match[1]) : 1} />
  </StrictMode>,
);
