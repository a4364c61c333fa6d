module.exports=[53265,a=>{"use strict";a.s([])}];

//# sourceMappingURL=js_test_next-app__next-internal_server_app__not-found_page_actions_1grcvd0ewy2ov.js.map